"""The students' rules, each defined once: who is on campus on a day or during a year, who arrived and who graduated,
and the categories the Ministry of Education's statistics count students in. The overview, the reports, the admin and
the reminders call these; none re-states them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from intl_office.core.querysets import within_lead_time, year_span
from intl_office.core.scope import UnitScopedQuerySet
from programs.models import DegreeLevel


class StudentQuerySet(UnitScopedQuerySet):
    # A student belongs to the unit they study in (unit-scoped staff, intl_office.core.scope).
    unit_field = "unit"

    def presence_q(self, first_day: datetime.date, last_day: datetime.date) -> Q:
        """On campus on at least one day from first_day to last_day.

        Arrived by the last day and not left before the first. A student marked completed or withdrawn without a
        departure date has left on an unrecorded day: such a student no longer counts as present (rather than staying
        "on campus" forever).
        """
        left = [self.model.Status.COMPLETED, self.model.Status.WITHDRAWN]
        still_here = Q(departed_on__isnull=True) & ~Q(status__in=left)
        return Q(arrived_on__lte=last_day) & (Q(departed_on__gte=first_day) | still_here)

    def present_during_year_q(self, year: int, by: datetime.date | None = None) -> Q:
        """On campus on any day of the calendar year (up to the day ``by``, if given)."""
        first_day, last_day = year_span(year)
        return self.presence_q(first_day, min(last_day, by) if by else last_day)

    def present_on(self, day: datetime.date | None = None):
        """Students on campus on the given day (today by default): arrived and not yet left."""
        day = day or timezone.localdate()
        return self.filter(self.presence_q(day, day))

    def present_during_year(self, year: int, by: datetime.date | None = None):
        """Students on campus on any day of the calendar year (up to the day ``by``, if given)."""
        return self.filter(self.present_during_year_q(year, by))

    def gone_before(self, day: datetime.date):
        """Students whose stay ended before the day: departed, or completed or withdrawn without a departure date
        and graduated before it. The retention period of their personal data runs from then."""
        left = [self.model.Status.COMPLETED, self.model.Status.WITHDRAWN]
        return self.filter(Q(departed_on__lt=day) | Q(departed_on__isnull=True, status__in=left, graduated_on__lt=day))

    def received(self):
        """Everyone BJTU has received, over all years."""
        return self.filter(arrived_on__isnull=False)

    def arrived_in_year(self, year: int, by: datetime.date | None = None):
        """New students: arrived in the year (up to the day ``by``, if given)."""
        arrived = self.filter(arrived_on__year=year)
        return arrived if by is None else arrived.filter(arrived_on__lte=by)

    def graduated_in_year(self, year: int, by: datetime.date | None = None):
        """Graduates (degree conferred) and students who completed non-degree studies in the year (up to ``by``)."""
        graduated = self.filter(graduated_on__year=year)
        return graduated if by is None else graduated.filter(graduated_on__lte=by)

    # Compliance: papers expiring -------------------------------------------------------------------------------------

    def in_care_q(self, today: datetime.date) -> Q:
        """Students the office still looks after: admitted or enrolled, and not departed before today."""
        Status = self.model.Status
        return Q(status__in=[Status.ADMITTED, Status.ENROLLED]) & (
            Q(departed_on__isnull=True) | Q(departed_on__gte=today)
        )

    def _expiring(self, date_field: str, days: int, today: datetime.date):
        return (
            self.filter(self.in_care_q(today))
            .filter(**{f"{date_field}__isnull": False, f"{date_field}__lte": today + datetime.timedelta(days=days)})
            .select_related("unit")
            .only("family_name", "given_name", date_field, "unit")
            .order_by(date_field, "family_name")
        )

    def passport_due(self, today: datetime.date):
        """Passports expiring within ``settings.PASSPORT_REMINDER_DAYS`` (or expired), of students in the office's
        care: a residence permit is not issued beyond the passport."""
        return self._expiring("passport_expires_on", settings.PASSPORT_REMINDER_DAYS, today)

    def insurance_due(self, today: datetime.date):
        """Insurance ending within ``settings.INSURANCE_REMINDER_DAYS`` (or ended), of students in the office's care."""
        return self._expiring("insurance_expires_on", settings.INSURANCE_REMINDER_DAYS, today)

    # The Ministry of Education's statistics ------------------------------------------------------------------------

    def national_category_case(self) -> Case:
        """The category the ministry's statistics count a student in.

        Degree students by level; visiting scholars as senior scholars (高级进修生), short-term students as short-term
        (短期生), exchange and Chinese-language students as general scholars (普通进修生). A degree student whose level
        is not recorded is counted as such, not guessed.
        """
        Category, National = self.model.Category, self.model.NationalCategory
        return Case(
            When(category=Category.DEGREE, level=DegreeLevel.BACHELOR, then=Value(National.BACHELOR.value)),
            When(category=Category.DEGREE, level=DegreeLevel.MASTER, then=Value(National.MASTER.value)),
            When(category=Category.DEGREE, level=DegreeLevel.DOCTORAL, then=Value(National.DOCTORAL.value)),
            When(category=Category.DEGREE, then=Value(National.DEGREE_LEVEL_UNKNOWN.value)),
            When(category=Category.VISITING_SCHOLAR, then=Value(National.SENIOR_SCHOLAR.value)),
            When(category=Category.SHORT_TERM, then=Value(National.SHORT_TERM.value)),
            default=Value(National.GENERAL_SCHOLAR.value),
            output_field=models.CharField(),
        )

    def national_funding_case(self) -> Case:
        """The source of funding the ministry's statistics count: the Beijing Government scholarship is the local
        government's; Confucius Institute, exchange-agreement and home-country funding are "other"."""
        Funding, National = self.model.Funding, self.model.NationalFunding
        return Case(
            When(funding=Funding.CSC, then=Value(National.CHINESE_GOVERNMENT.value)),
            When(funding=Funding.BEIJING, then=Value(National.LOCAL_GOVERNMENT.value)),
            When(funding=Funding.UNIVERSITY, then=Value(National.UNIVERSITY.value)),
            When(funding=Funding.SELF_FUNDED, then=Value(National.SELF_FUNDED.value)),
            default=Value(National.OTHER.value),
            output_field=models.CharField(),
        )

    def with_national_categories(self):
        """Annotates ``national_category`` and ``national_funding`` (the ministry's categories)."""
        return self.annotate(
            national_category=self.national_category_case(), national_funding=self.national_funding_case()
        )

    def residence_permit_due(self, today: datetime.date):
        """Permits of students still here (not left, not finished) expiring within their lead time, or expired."""
        Status = self.model.Status
        base = (
            self.filter(status__in=[Status.ADMITTED, Status.ENROLLED], residence_permit_expires_on__isnull=False)
            # A student leaving before the permit expires needs no renewal, nor one who has left.
            .filter(Q(departed_on__isnull=True) | Q(departed_on__gt=F("residence_permit_expires_on")))
            .exclude(departed_on__lt=today)
        )
        return (
            within_lead_time(base, "residence_permit_expires_on", "residence_permit_reminder_days", today)
            .select_related("unit")
            .only("family_name", "given_name", "residence_permit_expires_on", "unit")
            .order_by("residence_permit_expires_on", "family_name")
        )
