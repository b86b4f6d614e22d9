"""The admin front page's figure panels: a small registry any feature adds to from its ``AppConfig.ready()``.

The front page (``intl_office.reminders``) shows every registered panel the user may see, in ``order``, and never
imports the apps that registered them. A panel costs a fixed number of queries whatever the number of records.

HOOK for "trips waiting for approval": the official-travel app registers its panel here from its own
``AppConfig.ready()``, e.g. ``dashboard.register(Panel(key="trips", title=_("Official trips"), permission=...,
build=trip_figures, order=40))``, with a figure "waiting for approval" linking to its filtered list.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str = ""
    # A figure that asks for action (items past their date, waiting for approval) is marked as such.
    attention: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class PanelData:
    figures: list[Figure]
    chart_title: str = ""
    bars: list[Bar] = field(default_factory=list)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    # "app_label.codename": who sees the panel.
    permission: str
    # Builds the figures for the day, in a fixed number of queries.
    build: Callable[[datetime.date], PanelData]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Adds (or replaces, by key) a panel of the front page."""
    _PANELS[panel.key] = panel


def panels_for(user) -> list[Panel]:
    return sorted(
        (panel for panel in _PANELS.values() if user.has_perm(panel.permission)), key=lambda p: (p.order, p.key)
    )
