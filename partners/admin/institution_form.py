"""The institution form's near-duplicate check: an exact duplicate (English or former name) is refused with a link
to the existing record; a similar name, or a Chinese name already used, asks for confirmation."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeModelForm
from partners.models import Institution
from partners.names import NameIndex


class InstitutionAdminForm(OfficeModelForm):
    """Catches a near-duplicate where it is typed, with the importer's similar-name check (partners.names): a name
    like a stored one (in the same country) or a Chinese name already used asks for confirmation, linking to the
    similar record; an exact duplicate (English or former name) links to the existing record."""

    confirm_similar = forms.BooleanField(
        label=_("I have checked the similar names: this is a different institution."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name_en") or "").strip()
        if not name or "name_en" in self._errors:
            return cleaned
        others = Institution.objects.exclude(pk=self.instance.pk) if self.instance.pk else Institution.objects.all()
        exact = others.filter(Q(name_en__iexact=name) | Q(former_name__iexact=name)).first()
        if exact:
            if exact.name_en.lower() == name.lower():
                # The rule's own words (institution_name_en_unique_ci), then where the record is.
                unique = next(c for c in Institution._meta.constraints if c.name == "institution_name_en_unique_ci")
                self.add_error("name_en", unique.get_violation_error_message())
            self.add_error("name_en", _exact_duplicate_error(exact))
            return cleaned
        # An edit that leaves the names and country alone was checked when they were typed.
        unchanged = self.instance.pk and not self.has_changed_name()
        if unchanged or cleaned.get("confirm_similar"):
            return cleaned
        similar = self.similar_records(others, name, cleaned)
        if similar:
            self.add_error(
                "name_en",
                ValidationError(
                    format_html(
                        "{} {}",
                        _("This name looks like another institution's:"),
                        format_html_join(
                            ", ", '<a href="{}">{}</a>', ((_change_url(o), o.autocomplete_label()) for o in similar)
                        ),
                    ),
                    code="similar_name",
                ),
            )
            self.add_error(
                "confirm_similar",
                _("If it is a different institution, tick this box and save again."),
            )
        return cleaned

    def has_changed_name(self) -> bool:
        return bool({"name_en", "name_zh", "country"} & set(self.changed_data))

    def similar_records(self, others, name: str, cleaned) -> list[Institution]:
        """The stored institutions whose English or former name looks like the name, or with the same Chinese
        name, as the importer finds them (one query for the names, one for the records)."""
        country = str(cleaned.get("country") or "")
        index = NameIndex()
        by_name = {}
        same_chinese = []
        name_zh = (cleaned.get("name_zh") or "").strip()
        for pk, name_en, former, other_country, other_zh in others.values_list(
            "pk", "name_en", "former_name", "country", "name_zh"
        ):
            for other in (name_en, former):
                if other:
                    index.add(other, other_country)
                    by_name.setdefault(other, pk)
            if name_zh and other_zh.strip() == name_zh:
                same_chinese.append(pk)
        ids = [by_name[other] for other in index.similar(name, country=country)] + same_chinese
        return list(Institution.objects.filter(pk__in=ids).order_by("name_en")) if ids else []


def _change_url(institution) -> str:
    return reverse("admin:partners_institution_change", args=[institution.pk])


def _exact_duplicate_error(existing) -> ValidationError:
    return ValidationError(
        format_html(
            '{} <a href="{}">{}</a>',
            _("This institution is already recorded:"),
            _change_url(existing),
            existing.autocomplete_label(),
        ),
        code="duplicate_name",
    )
