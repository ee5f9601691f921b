"""Access control for projects: encryption at rest, members and roles, labels, audit.

* `keyslots`      -- the key file: per-member slots (Argon2id + X25519/HPKE) around the label keys;
* `session`       -- create / unlock encrypted projects, add and remove members, rotate the key;
* `roles`         -- owner / analyst / viewer, the members table, `check(store, permission)`;
* `guarded`       -- `GuardedStore`: role checks and audit entries for every front end;
* `audit`         -- append-only guard, chain verification, the failed-unlock sidecar;
* `retention`     -- bewaartermijn report and audited purge;
* `keyring_store` -- "remember on this computer" through the OS keyring;
* `signing`       -- Ed25519 signatures on audit entries and the members table;
* `restore`       -- `members restore`: the members table an owner last signed, after a rewrite;
* `migrate`       -- `project migrate`: a project of an earlier Knooppunt (key file v1) to today's layout;
* `generations`   -- a label file put back to an older copy: write generations in the signed audit log.

Security labels are enforced by keys first: each label's records live in a SQLCipher file
of their own, and a member's slot holds only the keys of their clearance (see `keyslots`,
`graph.stores.sqlite_store`). Within the files a member can decrypt, the store filters by
`graph.store.Caller`; the guarded store narrows it to the member's clearance.
"""
