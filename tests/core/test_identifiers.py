"""Canonical identifiers rule by rule: each test names the mistake it catches."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import identifiers as ids
from graph.errors import ValidationError
