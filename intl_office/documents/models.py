"""Document checklists: the kinds of document the office keeps for a category of student or a term of appointment,
and each person's documents (file in private storage, received date, expiry).

The rules live on the QuerySets here: which kinds a person needs (``DocumentKindQuerySet``), which documents count as
held (``PersonDocumentQuerySet.held``), and who misses one (``missing_documents_q``).
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from experts.models import Appointment, Expert
from intl_office.core.models import BilingualNameMixin, TimeStampedModel
from partners.scans import validate_agreement_scan
from students.models import InternationalStudent


class AppliesTo(models.TextChoices):
    STUDENT = "student", _("International students")
    EXPERT = "expert", _("Foreign experts")


class PersonDocumentQuerySet(models.QuerySet):
    def held_q(self, today: datetime.date) -> Q:
        """A document the office holds: received (a date or a file) and not expired."""
        received = Q(received_on__isnull=False) | ~Q(file="")
        return received & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def held(self, today: datetime.date | None = None):
        return self.filter(self.held_q(today or timezone.localdate()))


class DocumentKindQuerySet(models.QuerySet):
    def for_student_q(self, category) -> Q:
        """Kinds a student of the category needs (``category`` may be an ``OuterRef``)."""
        return Q(applies_to=AppliesTo.STUDENT, is_required=True) & (
            Q(student_category="") | Q(student_category=category)
        )

    def for_student(self, student: InternationalStudent):
        return self.filter(self.for_student_q(student.category))

    def for_expert_q(self, expert) -> Q:
        """Kinds an expert needs: those for every expert, and those for a term the expert has an appointment of
        (``expert`` may be an ``OuterRef`` to the expert's pk, or a pk)."""
        of_term = Appointment.objects.filter(expert=expert, term=OuterRef("appointment_term"))
        return Q(applies_to=AppliesTo.EXPERT, is_required=True) & (Q(appointment_term="") | Exists(of_term))

    def for_expert(self, expert: Expert):
        return self.filter(self.for_expert_q(expert.pk))

    def missing_for(self, person, today: datetime.date | None = None):
        """The kinds the person needs and the office does not hold (none received, or expired)."""
        today = today or timezone.localdate()
        owner = "student" if isinstance(person, InternationalStudent) else "expert"
        needed = self.for_student(person) if owner == "student" else self.for_expert(person)
        held = PersonDocument.objects.filter(
            PersonDocument.objects.held_q(today), kind=OuterRef("pk"), **{owner: person}
        )
        return needed.exclude(Exists(held))


def missing_documents_q(model, today: datetime.date) -> Q:
    """Students (or experts) who miss at least one document they need: one EXISTS, whatever the number of people."""
    owner = "student" if model is InternationalStudent else "expert"
    held = PersonDocument.objects.filter(
        PersonDocument.objects.held_q(today), kind=OuterRef("pk"), **{owner: OuterRef(OuterRef("pk"))}
    )
    if owner == "student":
        needed = DocumentKind.objects.filter(DocumentKind.objects.for_student_q(OuterRef("category")))
    else:
        needed = DocumentKind.objects.filter(DocumentKind.objects.for_expert_q(OuterRef(OuterRef("pk"))))
    return Q(Exists(needed.exclude(Exists(held))))


class DocumentKind(BilingualNameMixin, TimeStampedModel):
    """A document the office keeps for people of a category: a passport copy, the admission notice, a JW202 form."""

    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    applies_to = models.CharField(_("for"), max_length=10, choices=AppliesTo)
    student_category = models.CharField(
        _("student category"),
        max_length=20,
        choices=InternationalStudent.Category,
        blank=True,
        help_text=_("Blank: every category of student."),
    )
    appointment_term = models.CharField(
        _("appointment term"),
        max_length=20,
        choices=Appointment.Term,
        blank=True,
        help_text=_("Blank: every expert, whatever the term."),
    )
    is_required = models.BooleanField(_("required"), default=True, help_text=_("Listed as missing until received."))
    has_expiry = models.BooleanField(_("expires"), default=False, help_text=_("The document carries an expiry date."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DocumentKindQuerySet.as_manager()

    class Meta:
        ordering = ["applies_to", "position", "name_en"]
        verbose_name = _("kind of document")
        verbose_name_plural = _("kinds of document")
        constraints = [
            models.CheckConstraint(
                condition=Q(student_category="") | Q(applies_to=AppliesTo.STUDENT),
                name="documentkind_category_for_students",
                violation_error_code="student_category",
                violation_error_message=_("A student category applies to students' documents only."),
            ),
            models.CheckConstraint(
                condition=Q(appointment_term="") | Q(applies_to=AppliesTo.EXPERT),
                name="documentkind_term_for_experts",
                violation_error_code="appointment_term",
                violation_error_message=_("An appointment term applies to experts' documents only."),
            ),
            models.UniqueConstraint(
                fields=["applies_to", "student_category", "appointment_term", "name_en"],
                name="documentkind_unique_name",
                violation_error_message=_("This kind of document already exists for these people."),
            ),
        ]

    def __str__(self):
        return self.display_name


class PersonDocument(TimeStampedModel):
    """One document of one student or expert: the file (private), when it was received, when it expires."""

    kind = models.ForeignKey(DocumentKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="documents")
    student = models.ForeignKey(
        InternationalStudent,
        verbose_name=_("international student"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("foreign expert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(
        _("file"),
        upload_to="people/%Y/",
        blank=True,
        # A readable PDF or image, of at most settings.AGREEMENT_SCAN_MAX_BYTES, as agreement scans.
        validators=[validate_agreement_scan],
        help_text=_("Private: only staff who may see personal data can download it."),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    objects = PersonDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind__position", "kind__name_en"]
        verbose_name = pgettext_lazy("a person's", "document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False, expert__isnull=True) | Q(student__isnull=True, expert__isnull=False),
                name="persondocument_one_person",
                violation_error_message=_("A document belongs to one student or one expert."),
            ),
            models.UniqueConstraint(
                fields=["kind", "student"],
                condition=Q(student__isnull=False),
                name="persondocument_once_per_student",
                violation_error_code="kind",
                violation_error_message=_("This student already has a document of this kind; update it instead."),
            ),
            models.UniqueConstraint(
                fields=["kind", "expert"],
                condition=Q(expert__isnull=False),
                name="persondocument_once_per_expert",
                violation_error_code="kind",
                violation_error_message=_("This expert already has a document of this kind; update it instead."),
            ),
        ]
        indexes = [
            # Documents expiring soon, for the list filter and reminders.
            models.Index(fields=["expires_on"], name="persondocument_expires_on"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.student or self.expert}"
