"""The partners' rules, each defined once: which institutions count as partners, and how an agreement's status and
dates read on a day. The overview, the reports, the admin and the reminders call these; none re-states them.

Each rule that a count needs inside one query (``Count(filter=...)``) is also offered as a ``Q`` (``*_q``), through
the model's manager: ``Agreement.objects.in_force_q(day)``.
"""

import datetime

from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from intl_office.core.i18n import chinese_page, folded, sorted_countries
from intl_office.core.querysets import ExistsPerRow, within_lead_time, year_span
from intl_office.core.scope import UnitScopedQuerySet


class InstitutionQuerySet(models.QuerySet):
    def counted_q(self) -> Q:
        """Institutions counted as partners: active, and not merged into another.

        A merged university is counted once, under the institution it became.
        """
        return Q(is_active=True, merged_into__isnull=True)

    def counted_on_q(self, day: datetime.date) -> Q:
        """Counted partners whose relations began by the day (past years are counted by dates).

        Institutions with no recorded start of relations are counted on every day: they are partners, only the
        date is missing.
        """
        return self.counted_q() & (Q(relations_since__isnull=True) | Q(relations_since__lte=day))

    def matching(self, text: str):
        """Institutions whose English, Chinese or former name holds every word of the text, accents and case
        ignored ("ecole lyon" finds École Centrale de Lyon, "鲁汶" KU Leuven)."""
        queryset = self
        for word in folded(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def in_reading_order(self, countries=None):
        """By country, then by name, each as the page's reader expects: names of countries in the page's language,
        institutions by pinyin on a Chinese page, alphabetically (accents ignored) otherwise.

        ``countries``: the country codes present (one query when not given).
        """
        if countries is None:
            countries = self.values_list("country", flat=True).distinct().order_by()
        ranks = [When(country=code, then=Value(rank)) for rank, (code, _name) in enumerate(sorted_countries(countries))]
        country_order = Case(*ranks, default=Value(len(ranks))) if ranks else Value(0)
        name_order = "sort_name_zh" if chinese_page() else "sort_name_en"
        return self.order_by(country_order, name_order, "pk")

    def with_agreement_total(self):
        """Each institution's number of agreements as ``agreement_total``.

        Counted per institution read (a subquery through the links' institution index), so a page of 50 counts
        50 institutions' links: a join grouped by institution counted every link of the table before the page was
        cut (100x: 180 ms)."""
        links = self.model.agreements.through.objects.filter(institution=OuterRef("pk"))
        total = links.order_by().values("institution").annotate(n=Count("pk")).values("n")
        return self.annotate(agreement_total=Coalesce(Subquery(total), 0))

    def counted(self):
        """Counted as partners now, whatever the recorded start of relations (the overview, the public pages)."""
        return self.filter(self.counted_q())

    def counted_on(self, day: datetime.date):
        return self.filter(self.counted_on_q(day))

    def mobility_universities_on(self, day: datetime.date):
        """Partner universities counted on the day with an agreement in force then in a form of mobility (double
        degree, student exchange, short visit): the overview's "partnership with more than 50 universities"."""
        Agreement = self.model._meta.get_field("agreements").related_model
        in_force = Agreement.objects.in_force(day).filter(kind__in=Agreement.MOBILITY_KINDS)
        return (
            self.filter(self.counted_on_q(day), kind=self.model.Kind.UNIVERSITY, agreements__in=in_force)
            .distinct()
            .order_by()
        )


class AgreementQuerySet(UnitScopedQuerySet):
    """Two readings of an agreement's status.

    - Its status today (the admin, reminders): one still marked active past its end date reads as expired.
    - In force on a day, by dates (the overview, the reports, past days included): an agreement was in force from
      its start to its end date if it is active, or marked expired once its end date had passed.

    An agreement belongs to its responsible unit (unit-scoped staff, ``intl_office.core.scope``).
    """

    unit_field = "unit"

    def past_end_q(self, on: datetime.date) -> Q:
        """Marked active, but past the end date: read as expired."""
        return Q(status=self.model.Status.ACTIVE, ends_on__lt=on)

    def effective_status_q(self, status: str, on: datetime.date) -> Q:
        """Agreements whose status read on the day (``Agreement.effective_status``) is the given one."""
        Status = self.model.Status
        if status == Status.EXPIRED:
            return Q(status=Status.EXPIRED) | self.past_end_q(on)
        if status == Status.ACTIVE:
            return Q(status=Status.ACTIVE) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        return Q(status=status)

    def in_force_q(self, day: datetime.date, today: datetime.date | None = None) -> Q:
        """Agreements in force on the day by their dates, as the records stand today.

        Active agreements, and expired ones up to their end date. Drafts and negotiations were never in force; a
        terminated agreement has no record of when it stopped, so it is left out of every day. An agreement marked
        expired before its end date stopped early, on a day not recorded: it is only counted once its end date has
        passed. On today (or a later day) this is exactly the active agreements that have started and not ended.
        """
        today = today or timezone.localdate()
        Status = self.model.Status
        by_dates = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        return by_dates & (Q(status=Status.ACTIVE) | Q(status=Status.EXPIRED, ends_on__lt=today))

    def lapsed_in_year_q(self, year: int, before: datetime.date) -> Q:
        """Agreements that ran (active, or marked expired) and reached their end date in the year, before the day."""
        ran = Q(status__in=[self.model.Status.ACTIVE, self.model.Status.EXPIRED])
        return ran & Q(ends_on__gte=year_span(year)[0], ends_on__lt=before)

    def in_force(self, on: datetime.date | None = None, *, today: datetime.date | None = None):
        """Agreements in force on the given day (today by default), by ``in_force_q``."""
        return self.filter(self.in_force_q(on or timezone.localdate(), today))

    def lapsed_in_year(self, year: int, before: datetime.date):
        return self.filter(self.lapsed_in_year_q(year, before))

    def with_effective_status(self, on: datetime.date | None = None):
        """Annotates ``effective_status_value``: the status, an active agreement past its end date read as expired."""
        on = on or timezone.localdate()
        return self.annotate(
            effective_status_value=Case(
                When(self.past_end_q(on), then=Value(self.model.Status.EXPIRED.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def having_effective_status(self, status: str, on: datetime.date | None = None):
        """Agreements whose status read on the day (today by default) is the given one."""
        return self.filter(self.effective_status_q(status, on or timezone.localdate()))

    def expired(self, on: datetime.date | None = None):
        """Marked expired, or active on paper but past their end date."""
        return self.having_effective_status(self.model.Status.EXPIRED, on)

    # Due for a reminder (partners/reminders.py) -------------------------------------------------------------------

    def ending_within_lead_time(self, today: datetime.date):
        """Active agreements ending within their lead time (``reminder_days``)."""
        base = self.filter(status=self.model.Status.ACTIVE, ends_on__gte=today)
        return (
            within_lead_time(base, "ends_on", "reminder_days", today)
            .select_related("unit")
            .order_by("ends_on", "title")
        )

    def expired_not_renewed(self, today: datetime.date):
        """Agreements still marked active past their end date, with no active agreement of the same kind and partner
        taking over (a renewal may start later: it counts as soon as it is active)."""
        Agreement = self.model
        Link = Agreement.partners.through
        # Checked per expired agreement (``ExistsPerRow``), from its own partner links to the links of the same
        # partners, each found by an index; a join through the partners themselves read one more index per agreement.
        # A renewal is never the expired agreement itself: one is past its end, the other is not.
        active = _prefixed(self.effective_status_q(Agreement.Status.ACTIVE, today), "agreement__")
        renewal = Link.objects.filter(
            active,
            agreement__kind=OuterRef("kind"),
            institution_id__in=Link.objects.filter(agreement_id=OuterRef(OuterRef("pk"))).values("institution_id"),
        )
        return (
            self.filter(self.past_end_q(today))
            .filter(~ExistsPerRow(renewal))
            .select_related("unit")
            .order_by("ends_on", "title")
        )


def _prefixed(condition: Q, prefix: str) -> Q:
    """The condition on a related record: every lookup path behind the prefix (``status`` -> ``agreement__status``)."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


class DelegationQuerySet(UnitScopedQuerySet):
    # A delegation belongs to the unit hosting the visit or sending the trip (unit-scoped staff).
    unit_field = "host_unit"

    def in_year(self, year: int, by: datetime.date | None = None):
        """Visits starting in the year (up to the day ``by``, if given: a report counts its year up to its day)."""
        visits = self.filter(starts_on__year=year)
        return visits if by is None else visits.filter(starts_on__lte=by)
