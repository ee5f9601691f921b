"""The veiligheidsinformatieknooppunt on the command line.

    knooppunt signal add --phenomenon drugs --source mma --subject ID "omschrijving"
    knooppunt signal list | show ID | edit ID --status in_behandeling
    knooppunt meeting add --date 14-01-2027 --partner Politie --partner RIEC
    knooppunt meeting agenda MEETING RECORD | decide ITEM riec | verslag MEETING --output verslag.pdf
    knooppunt measure add --type sluiting_13b --subject ADDRESS --decided 01-03-2026 --start 15-03-2026 --months 6
    knooppunt action add "Bibob-toets" --owner RIEC --deadline 01-02-2027 [--meeting M]
    knooppunt alerts [--unseen] | alerts scan | alerts deadlines --within 30 | alerts seen ID
    knooppunt watch add ID --reason "..." | watch list | watch remove ID
    knooppunt avg register | avg access-request PERSON --output inzage.pdf

Errors are one line naming the field, exit code 2 (CONVENTIONS.md). The logic is in
`graph.vik`; this module parses and prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from graph.model import SECURITY_LABELS
from graph.vik import alerts as vik_alerts
from graph.vik import dates, lists, measures, meetings, signals
from workbench.context import common_options, emit_rows, interface_lang, open_store, opt
from workbench.output import say, word


def _raise_alerts(store: Any) -> None:
    """After a change: alerts it warrants, one line each on stderr."""
    for alert in vik_alerts.after_change(store):
        click.echo(say("alert", id=alert.id, message=alert.message), err=True)


def _show(pairs: list[tuple[str, Any]]) -> None:
    width = max(len(k) for k, _ in pairs)
    for key, value in pairs:
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        click.echo(f"{key.ljust(width)}  {'' if value is None else value}")


def _parts(text: str, option: str, names: tuple[str, str]) -> dict[str, str]:
    """'NAME;SECOND' as property values; one line naming the option when there is no name."""
    first, _, second = (p.strip() for p in text.partition(";"))
    if not first:
        raise click.BadParameter(f"{text!r}: a name is needed ('{names[0]};{names[1]}')", param_hint=option)
    return {names[0]: first, **({names[1]: second} if second else {})}


def on_the_spot(persons: tuple[str, ...], companies: tuple[str, ...],
                addresses: tuple[str, ...]) -> list[signals.NewSubject]:
    """The subjects to make with a signal, read from --new-person/--new-company/--new-address."""
    from importers.addresses import AddressError, parse_address

    new: list[signals.NewSubject] = [("Person", _parts(t, "--new-person", ("name", "birth_date"))) for t in persons]
    new += [("Company", _parts(t, "--new-company", ("name", "kvk_number"))) for t in companies]
    for text in addresses:
        try:
            new.append(("Address", parse_address(text).properties()))
        except AddressError as exc:
            raise click.BadParameter(str(exc), param_hint="--new-address") from exc
    return new


def _list_command(group: click.Group, rows: Callable[..., list[dict[str, Any]]], columns: list[str],
                  doc: str) -> click.Command:
    """`GROUP list [--status S]` of a register kept as graph entities (signals, measures)."""
    @group.command("list", help=doc)
    @common_options
    @click.option("--status", help="Only this status.")
    def command(status: str | None) -> None:
        emit_rows(rows(open_store(), status=status, lang=interface_lang()), columns)
    return command


def _edit(edit: Callable[[Any, str, dict[str, Any]], Any], record_id: str, changes: dict[str, Any],
          options: str) -> None:
    """The options given, through the register's edit (workflow checked there), then the alerts it warrants."""
    values = {k: v for k, v in changes.items() if v is not None}
    if not values:
        raise click.UsageError(f"nothing to change: give {options}")
    store = open_store()
    after = edit(store, record_id, values)
    click.echo(say("vik_status", id=after.id, status=after.get("status")))
    _raise_alerts(store)


_label_option = click.option("--label", type=click.Choice(SECURITY_LABELS), help="Security label (default: open).")


# -- signals ------------------------------------------------------------------------------------
@click.group("signal")
def signal_group() -> None:
    """Signals register (meldingen): intake, phenomenon, subjects, status, owner."""


@signal_group.command("add")
@common_options
@click.argument("description")
@click.option("--phenomenon", required=True, help="Phenomenon key (data/vik.yaml), e.g. drugs, witwassen.")
@click.option("--source", "source", required=True, help="Source key, e.g. mma, politie, toezicht, bewoner.")
@click.option("--received", metavar="DATE", help="Date received (dd-mm-jjjj; default today).")
@click.option("--subject", "subjects", multiple=True, metavar="ID", help="An entity it concerns (repeatable).")
@click.option("--new-person", "new_persons", multiple=True, metavar="'NAME[;BIRTH DATE]'",
              help="A person it concerns, made now with the signal's provenance (repeatable).")
@click.option("--new-company", "new_companies", multiple=True, metavar="'NAME[;KVK NUMBER]'",
              help="A company it concerns, made now (a KvK number the project holds: that company).")
@click.option("--new-address", "new_addresses", multiple=True, metavar="'ADDRESS'",
              help="Premises it concerns, made now, e.g. 'Hoofdstraat 12, 7607 AB Almelo'.")
@click.option("--owner", help="Who handles it (default: the acting member).")
@click.option("--grading", metavar="CODE", help="Admiralty code, e.g. B2.")
@_label_option
def signal_add(description: str, subjects: tuple[str, ...], new_persons: tuple[str, ...],
               new_companies: tuple[str, ...], new_addresses: tuple[str, ...], **kw: Any) -> None:
    """Register a signal and show what the project already knows about its subjects.

    Subjects the project does not hold yet are made in the same transaction as the signal."""
    new = on_the_spot(new_persons, new_companies, new_addresses)
    store = open_store()
    signal = signals.add_signal(store, description=description, subjects=list(subjects), new_subjects=new, **kw)
    click.echo(say("vik_created", id=signal.id, what=f"{signal.get('signal_number')}  [{signal.label}]"))
    for known in signals.known_about(store, signal.id):
        click.echo(f"  {known.caption} ({known.type}): {len(known.signals)} eerdere meldingen, "
                   f"{len(known.measures)} maatregelen, {len(known.flags)} signaleringen")
        for flag in known.flags:
            click.echo(f"    - {flag}")
    _raise_alerts(store)


signal_list = _list_command(signal_group, signals.list_signals, signals.COLUMNS,
                            "Signals within your clearance, newest first.")


@signal_group.command("show")
@common_options
@click.argument("signal_id")
def signal_show(signal_id: str) -> None:
    """A signal, its subjects and what the project knows about them."""
    store = open_store()
    row = signals.row(store, signals.get_signal(store, signal_id), interface_lang())
    _show(list(row.items()))
    for known in signals.known_about(store, signal_id):
        click.echo(f"- {known.caption} ({known.id}): meldingen {known.signals or '-'}, "
                   f"maatregelen {known.measures or '-'}, signaleringen {len(known.flags)}")


@signal_group.command("edit")
@common_options
@click.argument("signal_id")
@click.option("--status", help="New status (the workflow in data/vik.yaml decides which are allowed).")
@click.option("--owner")
@click.option("--phenomenon")
@click.option("--description")
def signal_edit(signal_id: str, **changes: str | None) -> None:
    """Change a signal (status, owner, phenomenon, description); audited before/after."""
    _edit(signals.edit_signal, signal_id, changes, "--status, --owner, --phenomenon or --description")


# -- measures -----------------------------------------------------------------------------------
@click.group("measure")
def measure_group() -> None:
    """Administrative measures register: 13b, dwangsom, Bibob, with status and deadlines."""


@measure_group.command("add")
@common_options
@click.option("--type", "kind", required=True, help="Measure type key (data/vik.yaml), e.g. sluiting_13b.")
@click.option("--subject", "subjects", multiple=True, required=True, metavar="ID",
              help="Person, company or premises it is against (repeatable).")
@click.option("--decided", metavar="DATE", help="Decision date (dd-mm-jjjj): the bezwaar term runs from it.")
@click.option("--start", metavar="DATE")
@click.option("--end", metavar="DATE", help="End date (default for a closure: start + --months).")
@click.option("--months", "duration_months", type=int, help="Duration of a closure in months.")
@click.option("--evaluation", metavar="DATE")
@click.option("--amount", type=float, help="Dwangsom amount in euros.")
@click.option("--status", help="Initial status (default: voornemen).")
@click.option("--description", default="")
@_label_option
def measure_add(**kw: Any) -> None:
    """Register an administrative measure against subjects/objects."""
    store = open_store()
    subjects = list(kw.pop("subjects"))
    m = measures.add_measure(store, subjects=subjects, **kw)
    click.echo(say("measure_created", id=m.id, reference=m.get("reference"), basis=m.get("legal_basis"),
                   status=m.get("status"), until=dates.nl(measures.bezwaar_deadline(m)) or "-"))
    _raise_alerts(store)


measure_list = _list_command(measure_group, measures.list_measures, measures.COLUMNS,
                             "Measures within your clearance, with the computed bezwaar deadline.")


@measure_group.command("show")
@common_options
@click.argument("measure_id")
def measure_show(measure_id: str) -> None:
    """One measure with all its dates."""
    store = open_store()
    _show(list(measures.row(store, measures.get_measure(store, measure_id), interface_lang()).items()))


@measure_group.command("edit")
@common_options
@click.argument("measure_id")
@click.option("--status")
@click.option("--decided", metavar="DATE")
@click.option("--start", metavar="DATE")
@click.option("--end", metavar="DATE")
@click.option("--evaluation", metavar="DATE")
@click.option("--amount", type=float)
@click.option("--forfeited", type=float, help="Forfeited dwangsom so far (euros).")
def measure_edit(measure_id: str, **changes: Any) -> None:
    """Change a measure's status or dates; audited before/after."""
    _edit(measures.edit_measure, measure_id, changes, "--status, a date, --amount or --forfeited")


# -- meetings -----------------------------------------------------------------------------------
@click.group("meeting")
def meeting_group() -> None:
    """Casustafel: meetings, agenda, decisions, verslag."""


@meeting_group.command("add")
@common_options
@click.option("--date", "date", required=True, metavar="DATE")
@click.option("--title", default="Casustafel ondermijning", show_default=True)
@click.option("--chair", default="")
@click.option("--participant", "participants", multiple=True, help="A participant (repeatable).")
@click.option("--partner", "partners", multiple=True, help="A partner organisation (repeatable).")
@_label_option
def meeting_add(date: str, title: str, chair: str, participants: tuple[str, ...], partners: tuple[str, ...],
                label: str | None) -> None:
    """Plan a casustafel meeting."""
    store = open_store()
    m = meetings.add_meeting(store, date=date, title=title, chair=chair, participants=list(participants),
                             partners=list(partners), label=label)
    click.echo(say("vik_created", id=m.id, what=f"{dates.nl(m.date)}  {m.title}"))


@meeting_group.command("list")
@common_options
def meeting_list() -> None:
    """Meetings within your clearance."""
    store = open_store()
    emit_rows([meetings.meeting_row(m) for m in meetings.list_meetings(store)], meetings.MEETING_COLUMNS)


@meeting_group.command("show")
@common_options
@click.argument("meeting_id")
def meeting_show(meeting_id: str) -> None:
    """A meeting with its agenda, decisions and actions."""
    store = open_store()
    m = meetings.get_meeting(store, meeting_id)
    _show([*meetings.meeting_row(m).items(), ("verslag", m.verslag)])
    for item in meetings.agenda(store, meeting_id):
        decision = lists.label("decisions", item.decision, interface_lang()) if item.decision else "-"
        click.echo(f"{item.position}. {item.id}  {item.record_id}  {decision}  {item.note}")
    for a in meetings.list_actions(store, meeting_id=meeting_id):
        click.echo(f"actie {a.id}: {a.text} ({a.owner}, {dates.nl(a.deadline)}, {a.status})")


@meeting_group.command("edit")
@common_options
@click.argument("meeting_id")
@click.option("--date", "date", metavar="DATE")
@click.option("--title")
@click.option("--chair")
@click.option("--verslag", help="The meeting's report (text).")
def meeting_edit(meeting_id: str, **changes: Any) -> None:
    """Change a meeting or write its verslag."""
    store = open_store()
    m = meetings.edit_meeting(store, meeting_id, **changes)
    click.echo(say("vik_updated", id=m.id))


@meeting_group.command("agenda")
@common_options
@click.argument("meeting_id")
@click.argument("record_id")
@click.option("--note", default="")
def meeting_agenda(meeting_id: str, record_id: str, note: str) -> None:
    """Put a signal, case or measure on a meeting's agenda."""
    store = open_store()
    item = meetings.add_agenda_item(store, meeting_id, record_id, note=note)
    click.echo(say("agenda_item", n=item.position, id=item.id))


@meeting_group.command("decide")
@common_options
@click.argument("item_id")
@click.argument("decision")
@click.option("--note")
def meeting_decide(item_id: str, decision: str, note: str | None) -> None:
    """Record the decision on an agenda item: nader_onderzoek, maatregel, riec, geen_actie."""
    store = open_store()
    item = meetings.decide(store, item_id, decision, note)
    click.echo(f"{item.id}: {lists.label('decisions', decision, interface_lang())}")


@meeting_group.command("verslag")
@common_options
@click.argument("meeting_id")
@click.option("--to", "target", required=True, type=click.Path(dir_okay=False),
              help="The document: .pdf or .html (marked with its security label).")
def meeting_verslag(meeting_id: str, target: str) -> None:
    """Export the verslag and action list of a meeting as a marked document."""
    from graph.vik import report
    store = open_store()
    store.require("export")
    doc = report.meeting_document(store, meeting_id)
    _write_document(store, doc, Path(target))


def _write_document(store: Any, doc: Any, path: Path) -> None:
    """Marked on every page, owner-only (600), audited before the file appears (graph/exportfile)."""
    from graph.exportfile import write_private
    from graph.vik import report
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from graph.briefing.render import html_to_pdf
        data = html_to_pdf(report.to_html(doc), doc.marking)
    elif suffix in (".html", ".htm"):
        data = report.to_html(doc).encode("utf-8")
    else:
        raise click.UsageError(f"--to: {path.name}: use .pdf or .html")

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_private(path, write, lambda: store.record_export(str(path), doc.count, command=doc.title,
                                                             marking=doc.marking))
    click.echo(say("wrote", path=path, marking=doc.marking))


# -- actions ------------------------------------------------------------------------------------
@click.group("action")
def action_group() -> None:
    """Action list: owner, deadline, status; overdue actions flagged."""


@action_group.command("add")
@common_options
@click.argument("text")
@click.option("--owner", required=True, help="A person or partner organisation.")
@click.option("--deadline", required=True, metavar="DATE")
@click.option("--meeting", "meeting_id", help="The meeting it was agreed in.")
@click.option("--record", "record_id", help="The signal, measure or entity it is about.")
@_label_option
def action_add(text: str, owner: str, deadline: str, meeting_id: str | None, record_id: str | None,
               label: str | None) -> None:
    """Add an action to the action list."""
    store = open_store()
    a = meetings.add_action(store, text=text, owner=owner, deadline=deadline, meeting_id=meeting_id,
                            record_id=record_id, label=label)
    click.echo(say("action_created", id=a.id, owner=a.owner, deadline=dates.nl(a.deadline)))


@action_group.command("list")
@common_options
@click.option("--status")
@click.option("--meeting", "meeting_id")
@click.option("--overdue", is_flag=True, help="Only actions past their deadline.")
def action_list(status: str | None, meeting_id: str | None, overdue: bool) -> None:
    """Actions within your clearance, by deadline."""
    store = open_store()
    rows = [meetings.action_row(a, interface_lang()) for a in meetings.list_actions(store, meeting_id=meeting_id,
                                                                                    status=status)]
    emit_rows([r for r in rows if r["overdue"] or not overdue], meetings.ACTION_COLUMNS)


@action_group.command("show")
@common_options
@click.argument("action_id")
def action_show(action_id: str) -> None:
    """One action."""
    store = open_store()
    _show(list(meetings.action_row(meetings.get_action(store, action_id), interface_lang()).items()))


@action_group.command("edit")
@common_options
@click.argument("action_id")
@click.option("--status", help="open, bezig, gereed, vervallen (as the workflow allows).")
@click.option("--deadline", metavar="DATE")
@click.option("--owner")
@click.option("--text")
def action_edit(action_id: str, **changes: Any) -> None:
    """Change an action's status, deadline, owner or text; audited."""
    store = open_store()
    a = meetings.edit_action(store, action_id, **changes)
    click.echo(say("action_updated", id=a.id, status=a.status, deadline=dates.nl(a.deadline)))


# -- alerts and watchlists -------------------------------------------------------------------------
@click.group("alerts", invoke_without_command=True)
@common_options
@click.option("--unseen", is_flag=True, help="Only alerts not yet marked seen.")
@click.pass_context
def alerts_group(ctx: click.Context, unseen: bool) -> None:
    """Alerts on watched items and subjects under measures; deadlines overview."""
    if ctx.invoked_subcommand is None:
        store = open_store()
        rows = [vik_alerts.alert_row(a) for a in vik_alerts.list_alerts(store, unseen_only=unseen)]
        if opt("fmt") in (None, "table") and not opt("output"):  # files keep the rule codes scripts match
            rows = [r | {"kind": word(r["kind"])} for r in rows]
        emit_rows(rows, vik_alerts.ALERT_COLUMNS)


@alerts_group.command("scan")
@common_options
def alerts_scan() -> None:
    """Look for new alerts now (imports and edits do this themselves)."""
    store = open_store()
    new = vik_alerts.scan(store)
    for alert in new:
        click.echo(say("alert", id=alert.id, message=alert.message))
    click.echo(say("new_alerts", count=len(new)))


@alerts_group.command("show")
@common_options
@click.argument("alert_id")
def alerts_show(alert_id: str) -> None:
    """An alert with its evidence."""
    store = open_store()
    a = vik_alerts.get_alert(store, alert_id)
    _show(list(vik_alerts.alert_row(a).items()))
    for item in a.evidence:
        click.echo("  - " + json.dumps(item, ensure_ascii=False))


@alerts_group.command("seen")
@common_options
@click.argument("alert_id")
def alerts_seen(alert_id: str) -> None:
    """Mark an alert as seen."""
    store = open_store()
    vik_alerts.mark_seen(store, alert_id)
    click.echo(say("alert_seen", id=alert_id))


@alerts_group.command("deadlines")
@common_options
@click.option("--within", default=60, show_default=True, help="Days ahead.")
def alerts_deadlines(within: int) -> None:
    """What is due or expires: closures ending, evaluations, bezwaar deadlines, actions."""
    store = open_store()
    emit_rows(vik_alerts.deadlines(store, within=within), vik_alerts.DEADLINE_COLUMNS)


@click.group("watch")
def watch_group() -> None:
    """Watchlists: alerts when a watched subject or object changes or gains relations."""


@watch_group.command("add")
@common_options
@click.argument("record_id")
@click.option("--reason", default="")
def watch_add(record_id: str, reason: str) -> None:
    """Put an entity on the watchlist."""
    store = open_store()
    w = vik_alerts.watch(store, record_id, reason)
    click.echo(say("watching", record=w.record_id, id=w.id))


@watch_group.command("list")
@common_options
def watch_list() -> None:
    """The watchlist within your clearance."""
    store = open_store()
    emit_rows([asdict(w) | {"since": dates.nl(w.since)} for w in vik_alerts.watchlist(store)],
              ["id", "record_id", "reason", "since", "label", "created_by"])


@watch_group.command("remove")
@common_options
@click.argument("record_id")
def watch_remove(record_id: str) -> None:
    """Take an entity off the watchlist."""
    store = open_store()
    vik_alerts.unwatch(store, record_id)
    click.echo(say("not_watching", record=record_id))


# -- AVG ----------------------------------------------------------------------------------------
@click.group("avg")
def avg_group() -> None:
    """AVG: register of processing (article 30), access requests (article 15), VIK retention."""


@avg_group.command("register")
@common_options
def avg_register() -> None:
    """The register of processing activities (art. 30 AVG) of the VIK registers."""
    from graph.vik import avg
    emit_rows(avg.processing_register(interface_lang()), avg.REGISTER_COLUMNS, export=False)


@avg_group.command("access-request")
@common_options
@click.argument("person_id")
@click.option("--to", "target", required=True, type=click.Path(dir_okay=False), help=".pdf or .html")
def avg_access_request(person_id: str, target: str) -> None:
    """Everything held on one person (art. 15 AVG), third parties and records above clearance redacted."""
    from graph.vik import avg
    store = open_store()
    store.require("export")
    _write_document(store, avg.access_request(store, person_id), Path(target))


@avg_group.command("retention")
@common_options
@click.option("--purge", is_flag=True, help="Delete what is overdue (owner; audited).")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.option("--on", "on", metavar="DATE", help="Reference date (dd-mm-jjjj; default today).")
def avg_retention(purge: bool, yes: bool, on: str | None) -> None:
    """VIK records past the retention period of their register."""
    from graph.vik import avg
    store = open_store()
    today = dates.parse(on, "--on")
    rows = avg.overdue(store, today=today)
    emit_rows(rows, avg.OVERDUE_COLUMNS, export=False)
    if purge and rows:
        if not yes and not click.confirm(f"delete {len(rows)} VIK records?", err=True):
            raise SystemExit(1)
        click.echo(say("vik_purged", count=avg.purge(store, today=today)))


