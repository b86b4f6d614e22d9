"""The catalogue's filters: what a visitor can narrow published programs by."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intl_office.core.i18n import name_sort_key, sorted_countries
from partners.models import Institution
from programs.models import DegreeLevel, Program


def program_partners():
    """Counted partners (active, not merged) of published programs: a merged university is not a choice of its own."""
    return Institution.objects.counted().filter(programs__is_published=True)


def partner_countries():
    """Countries of the partners of published programs, by name in the current language."""
    return sorted_countries(program_partners().values_list("country", flat=True).distinct().order_by())


def search_words(text: str) -> tuple[list[str], bool]:
    """The words of a visitor's search, and whether some were left out.

    Each word adds seven conditions and a subquery to the query, so a search reads at most
    ``PUBLIC_SEARCH_MAX_CHARACTERS`` characters and keeps the first ``PUBLIC_SEARCH_MAX_WORDS`` different words
    (a word repeated in another case is the same word: the search ignores case).
    """
    read = text[: settings.PUBLIC_SEARCH_MAX_CHARACTERS]
    words = {}
    for word in read.split():
        words.setdefault(word.lower(), word)
    kept = list(words.values())[: settings.PUBLIC_SEARCH_MAX_WORDS]
    return kept, len(read) < len(text) or len(kept) < len(words)


class ProgramFilterForm(forms.Form):
    def capped(self, name: str) -> str:
        words, shortened = search_words(self.cleaned_data[name])
        if shortened:
            # Fields are copied for each form: the note is for this page only. The bound field (which the template
            # renders) copied the help text when validation created it.
            self.fields[name].help_text = self[name].help_text = ngettext(
                "Only the first word of a search is used, and at most %(characters)s characters.",
                "Only the first %(words)s words of a search are used, and at most %(characters)s characters.",
                settings.PUBLIC_SEARCH_MAX_WORDS,
            ) % {"words": settings.PUBLIC_SEARCH_MAX_WORDS, "characters": settings.PUBLIC_SEARCH_MAX_CHARACTERS}
        return " ".join(words)

    def clean_q(self):
        return self.capped("q")

    def clean_partner_name(self):
        return self.capped("partner_name")


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, partner or subject")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Program.Kind.choices, empty_label=_("Any kind"))
    level = django_filters.ChoiceFilter(
        label=_("Degree level"), choices=DegreeLevel.choices, empty_label=_("Any level")
    )
    country = django_filters.ChoiceFilter(
        label=_("Partner country or region"), method="filter_country", empty_label=_("Any")
    )
    # A box for the partner's name, not a list of partners: a list of every partner of a published program grows
    # with the records (3,571 options at a hundred times BJTU's) and nobody can find one institution in it.
    partner_name = django_filters.CharFilter(
        label=_("Partner institution"),
        method="filter_partner_name",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("English or Chinese name")}),
    )
    # ?partner=<slug>: the links to a partner's programs. Not a choice on the form: kept in a hidden field while the
    # visitor changes the other filters, and shown by name above the results with a link leaving it out.
    partner = django_filters.ModelChoiceFilter(
        method="filter_partner",
        to_field_name="slug",
        # Only checks a slug (one query).
        queryset=Institution.objects.counted(),
        widget=forms.HiddenInput,
    )
    discipline = django_filters.ChoiceFilter(
        label=_("Discipline"), choices=Program.Discipline.choices, empty_label=_("Any discipline")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of instruction"), choices=Program.Language.choices, empty_label=_("Any language")
    )

    class Meta:
        model = Program
        form = ProgramFilterForm
        fields = ["q", "kind", "level", "country", "partner_name", "partner", "discipline", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Browsers stop typing at the cap; a longer ?q= in an address is cut by search_words().
        for name in ("q", "partner_name"):
            self.filters[name].extra["widget"].attrs["maxlength"] = settings.PUBLIC_SEARCH_MAX_CHARACTERS
        # Evaluated once here: a callable would query again for validation and for rendering.
        self.filters["country"].extra["choices"] = partner_countries()

    def search(self, queryset, name, value):
        # The form's clean_q() has capped the words already; capped again, in case the method is called directly.
        words, _shortened = search_words(value)
        for word in words:
            partner_match = Institution.objects.filter(
                Q(name_en__icontains=word) | Q(name_zh__icontains=word), programs=OuterRef("pk")
            )
            queryset = queryset.filter(
                Q(title_en__icontains=word)
                | Q(title_zh__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(summary_zh__icontains=word)
                | Q(description_en__icontains=word)
                | Q(description_zh__icontains=word)
                | Exists(partner_match)
            )
        return queryset

    def filter_partner(self, queryset, name, value):
        # A merged university's programs are the programs of the one it became, as on the partner's page.
        partner = Institution.objects.filter(Q(pk=value.pk) | Q(merged_into=value.pk), programs=OuterRef("pk"))
        return queryset.filter(Exists(partner))

    def filter_partner_name(self, queryset, name, value):
        # The directory's name search (English, Chinese and former names, accents and case ignored) among counted
        # partners; as filter_partner, a merged university's programs are those of the one it became.
        words, _shortened = search_words(value)
        partners = Institution.objects.counted().matching(" ".join(words)).values("pk")
        # One subquery over the partners' names (its own or the one it merged into), not two: each reads every
        # partner's search text.
        linked = Institution.objects.annotate(partner=Coalesce("merged_into", "pk")).filter(
            partner__in=partners, programs=OuterRef("pk")
        )
        return queryset.filter(Exists(linked))

    def filter_country(self, queryset, name, value):
        # EXISTS, not a join: a program with two partners in the country is listed once.
        return queryset.filter(Exists(Institution.objects.filter(programs=OuterRef("pk"), country=value)))

    # The filters whose options show how many programs each would give.
    FACETS = ("kind", "level", "country", "discipline", "language")

    def without(self, excluded: str):
        """Published programs narrowed by every filter the visitor chose except one: what that filter's options
        would each give."""
        queryset = self.queryset
        cleaned = getattr(self.form, "cleaned_data", {})
        for name, value in cleaned.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def option_counts(self, name: str) -> dict:
        """{option value: programs it would give}, in one aggregate query; options giving none are left out."""
        programs = self.without(name).values("pk")
        if name == "country":
            # As filter_country: any partner of the program in the country.
            rows = (
                Institution.objects.filter(programs__in=programs)
                .values("country")
                .annotate(n=Count("programs", distinct=True))
                .order_by()
            )
            return {row["country"]: row["n"] for row in rows}
        rows = Program.objects.filter(pk__in=programs).values(name).annotate(n=Count("pk")).order_by()
        return {row[name]: row["n"] for row in rows}

    def offer_counted_options(self):
        """Each option says how many programs it would give, with the other filters as chosen; options giving none
        are not offered (the chosen one stays, so the form still shows what the visitor asked for)."""
        form = self.form
        form.is_valid()
        for name in self.FACETS:
            counts = self.option_counts(name)
            field = form.fields[name]
            chosen = form.data.get(name, "")
            options = [(value, label) for value, label in field.choices if value]
            if name == "country":
                options = sorted(options, key=lambda option: name_sort_key(option[1]))
            options = [
                (value, f"{label} ({counts[value]})" if counts.get(value) else label)
                for value, label in options
                if counts.get(value) or str(value) == chosen
            ]
            # The widget only: the field still accepts what it accepted when the form was validated.
            field.widget.choices = [("", self.filters[name].extra["empty_label"]), *options]
        if not self.chosen_partner():
            # A slug naming no partner (or a merged or inactive one) is not carried on to the next search.
            form.fields["partner"].widget.attrs["disabled"] = True

    def chosen_partner(self) -> Institution | None:
        """The partner of a ?partner= link, as validated (a slug that names no counted partner is no choice)."""
        return getattr(self.form, "cleaned_data", {}).get("partner")

    def without_partner_link(self) -> str:
        """The page's query string (``?...``, or nothing) without the chosen partner, nor the page number (the
        results change), nor the empty fields a submitted form sends."""
        data = self.data
        kept = [
            (key, value)
            for key in data
            if key not in ("partner", "page")
            for value in (data.getlist(key) if hasattr(data, "getlist") else [data[key]])
            if value
        ]
        return "?" + urlencode(kept) if kept else ""
