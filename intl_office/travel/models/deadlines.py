"""How long before departure a trip must be applied for (the lead-time table the office edits), and how soon after
the return the passports and the report are due."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from intl_office.travel.rules import AMERICAS, SCHENGEN

PASSPORT_RETURN_WORKING_DAYS = 5
REPORT_DUE_DAYS = 20


class LeadTime(models.Model):
    """How long before departure a trip must be applied for, by where it goes (a table the office edits)."""

    class Case(models.TextChoices):
        ONE_COUNTRY = "one_country", _("One country or region")
        SCHENGEN = "schengen", _("The Schengen area is involved")
        SEVERAL_COUNTRIES = "several_countries", _("Two or more countries or regions")
        AMERICAS = "americas", _("The Americas are involved")

    # Examples published by Chinese universities; the office edits them (defaults, not law).
    DEFAULTS = {Case.ONE_COUNTRY: 45, Case.SCHENGEN: 60, Case.SEVERAL_COUNTRIES: 90, Case.AMERICAS: 90}

    case = models.CharField(_("case"), max_length=20, choices=Case, unique=True)
    days = models.PositiveIntegerField(_("days before departure"))

    class Meta:
        ordering = ["days", "case"]
        verbose_name = _("lead time")
        verbose_name_plural = _("lead times")

    def __str__(self):
        return f"{self.get_case_display()}: {self.days}"

    @classmethod
    def cases_for(cls, countries) -> set:
        codes = {str(country) for country in countries}
        cases = {cls.Case.ONE_COUNTRY if len(codes) <= 1 else cls.Case.SEVERAL_COUNTRIES}
        if codes & SCHENGEN:
            cases.add(cls.Case.SCHENGEN)
        if codes & AMERICAS:
            cases.add(cls.Case.AMERICAS)
        return cases

    @classmethod
    def required_days(cls, countries, table: dict | None = None) -> int:
        """The longest lead time of the cases the destinations fall under (a table row missing: its default).
        A page listing many trips reads ``table()`` once and passes it."""
        cases = cls.cases_for(countries)
        if table is None:
            table = dict(cls.objects.filter(case__in=cases).values_list("case", "days"))
        return max(table.get(case, cls.DEFAULTS[case]) for case in cases)

    @classmethod
    def table(cls) -> dict:
        return dict(cls.objects.values_list("case", "days"))
