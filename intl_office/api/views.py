"""The read-only open data API (Django REST framework): published programs, counted partners and the overview's
figures by year, paginated and cached; the same figures as CSV; the OpenAPI schema and its docs page."""

import csv

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, pagination
from rest_framework.response import Response
from rest_framework.views import APIView

from intl_office.api import figures as open_figures
from intl_office.api.serializers import PartnerSerializer, ProgramSerializer
from partners.models import Institution
from programs.models import Program

cached = method_decorator(cache_page(settings.API_CACHE_SECONDS), name="dispatch")


class Pages(pagination.PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


@cached
class ProgramList(generics.ListAPIView):
    """Published programs with partners, in both languages, by English title."""

    serializer_class = ProgramSerializer
    pagination_class = Pages

    def get_queryset(self):
        partners = Institution.objects.only("slug", "name_en", "name_zh", "country").order_by("name_en")
        return (
            Program.objects.published()
            .select_related("unit")
            .prefetch_related(Prefetch("partners", queryset=partners))
            .order_by("title_en", "pk")
        )


@cached
class ProgramDetail(generics.RetrieveAPIView):
    serializer_class = ProgramSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return ProgramList.get_queryset(self)


@cached
class PartnerList(generics.ListAPIView):
    """Counted partner institutions (active, not merged), by country and English name."""

    serializer_class = PartnerSerializer
    pagination_class = Pages

    def get_queryset(self):
        return Institution.objects.counted().order_by("country", "sort_name_en", "pk")


@cached
class PartnerDetail(generics.RetrieveAPIView):
    serializer_class = PartnerSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Institution.objects.counted()


@cached
class FigureYears(APIView):
    """The years the overview's figures can be asked for, latest first, each with its address."""

    @extend_schema(
        operation_id="figure_years", responses={200: OpenApiResponse(description="The years and their addresses.")}
    )
    def get(self, request):
        years = open_figures.available_years()
        return Response(
            {
                "years": [
                    {"year": year, "url": request.build_absolute_uri(reverse("api:figures", args=[year]))}
                    for year in years
                ]
            }
        )


@cached
class YearFigures(APIView):
    """The overview's figures with the given year's figures (this year's to today). A count of 1 to 4 people is
    null, as the overview shows "fewer than 5"."""

    @extend_schema(responses={200: OpenApiResponse(description="The overview's figures."), 404: None})
    def get(self, request, year: int):
        if year not in open_figures.available_years():
            raise Http404
        return Response(open_figures.year_figures(year))


@require_safe
@cache_page(settings.API_CACHE_SECONDS)
def figures_csv(request, year: int):
    """The same figures as CSV, one figure a row, for a spreadsheet."""
    if year not in open_figures.available_years():
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bjtu-international-figures-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "value"])
    writer.writerows(open_figures.csv_rows(open_figures.year_figures(year)))
    return response


@require_safe
@cache_page(settings.API_CACHE_SECONDS)
def docs(request):
    """The API's documentation, read from its OpenAPI schema and drawn on the server (no script, no CDN)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                }
            )
    return render(request, "api/docs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
