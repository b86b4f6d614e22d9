"""Malformed XLSX files (bad sheet XML, a bad cell reference, a bad number, a missing part) get a clear message in the
admin's page and from ``import_records``, and a failed entry in the import log; a refused file never shows counts."""

import io
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from intl_office.core.models import ImportLog
from intl_office.imports import engine
from intl_office.imports.admin_import import UPLOAD_DIR
from partners.models import Institution
from tests import factories as f
from tests.imports import hostile
from tests.personas import make_staff

IMPORT_URL = reverse("admin:partners_institution_import")
UNREADABLE = "The file is not a readable XLSX workbook: "
SAVE_AGAIN = ". Open it in Excel, save it again as .xlsx and try again."


def row_2(*cells: str) -> bytes:
    return hostile.with_sheet(f'<row r="2">{"".join(cells)}</row>')


# Each file, and what the message says is wrong with it.
MALFORMED = {
    "bad sheet XML": (
        row_2('<c r="A2"><v>1</v>'),
        "its XML is malformed (mismatched tag: line 1, column 276)",
    ),
    "cell reference A0": (
        row_2(hostile.inline("A0", "University of Tartu"), hostile.inline("B2", "EE")),
        "row 2 of the first sheet has a cell at 'A0', which is not a cell",
    ),
    "cell reference ZZZZZ2": (
        row_2(hostile.inline("ZZZZZ2", "University of Tartu")),
        "the first sheet cannot be read after row 1: a cell reference names the column 'ZZZZZ', which does not exist",
    ),
    "number 1.2.3": (
        row_2(hostile.inline("A2", "University of Tartu"), '<c r="B2"><v>1.2.3</v></c>'),
        "the first sheet cannot be read after row 1: '1.2.3' is not a number",
    ),
    "missing sheet part": (
        hostile.with_parts(hostile.workbook(), {hostile.SHEET: None}),
        "it has no worksheet",
    ),
    "missing workbook relationships": (
        hostile.with_parts(hostile.workbook(), {"xl/_rels/workbook.xml.rels": None}),
        "the part xl/_rels/workbook.xml.rels is missing",
    ),
    "missing shared text": (
        hostile.with_shared_strings(
            hostile.shared_strings_xml(1), cells='<row r="2"><c r="A2" t="s"><v>5</v></c></row>'
        ),
        "the first sheet cannot be read after row 1: a cell refers to a shared text that does not exist",
    ),
}


class MalformedXlsxAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.importer = make_staff("importer")
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_records"))

    def setUp(self):
        shutil.rmtree(default_storage.path(UPLOAD_DIR), ignore_errors=True)
        f.force_login(self.client, self.importer)

    def test_each_malformed_file_is_explained_on_the_page_and_logged_as_failed(self):
        for case, (data, problem) in MALFORMED.items():
            with self.subTest(case=case):
                response = self.client.post(IMPORT_URL, {"file": SimpleUploadedFile("partners.xlsx", data)})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["report"].errors, [UNREADABLE + problem + SAVE_AGAIN])
                self.assertIsNone(response.context["confirm_form"])
                log = ImportLog.objects.latest("pk")
                self.assertEqual(
                    (log.user, log.file_name, log.status, log.error_count, log.error),
                    (self.importer, "partners.xlsx", ImportLog.Status.FAILED, 1, UNREADABLE + problem + SAVE_AGAIN),
                )
        self.assertFalse(Institution.objects.exists())
        self.assertFalse(default_storage.exists(UPLOAD_DIR) and default_storage.listdir(UPLOAD_DIR)[1])

    def test_the_import_log_lists_a_failed_file_as_failed_with_nothing_created(self):
        data = b"name_en,country,relations_since\nUniversity of Tartu,EE,2001-01-01\nKU Leuven,BE,2001-02-30\n"
        response = self.client.post(IMPORT_URL, {"file": SimpleUploadedFile("partners.csv", data)})
        self.assertEqual(len(response.context["report"].errors), 1)
        log = ImportLog.objects.get()
        # The rolled-back preview would have created the first row; the file was refused, so nothing was created.
        self.assertEqual((log.status, log.created_count, log.error_count), (ImportLog.Status.FAILED, 0, 1))
        self.assertEqual(log.error, "1 problem(s) in the rows; nothing was imported.")
        self.assertNotIn("2001-02-30", log.error)

        superuser = f.make_user("root", is_superuser=True)
        f.force_login(self.client, superuser)
        page = self.client.get(reverse("admin:intl_office_importlog_changelist"))
        self.assertContains(page, "Failed, nothing imported")
        self.assertContains(page, '<td class="field-created_count">0</td>', html=True)

    def test_a_good_preview_is_logged_as_a_preview(self):
        data = b"name_en,country\nUniversity of Tartu,EE\n"
        self.client.post(IMPORT_URL, {"file": SimpleUploadedFile("partners.csv", data)})
        log = ImportLog.objects.get()
        self.assertEqual((log.status, log.created_count, log.error), (ImportLog.Status.PREVIEWED, 1, ""))

    def test_a_run_stopped_for_similar_names_is_logged_as_stopped(self):
        f.make_institution(name_en="University of Waterloo", country="CA")
        report = engine.run_import("institutions", b"name_en,country\nUniv. of Waterloo,CA\n", "p.csv", dry_run=False)
        self.assertTrue(report.warnings)
        self.assertEqual(ImportLog.objects.get().status, ImportLog.Status.STOPPED)


class MalformedXlsxCommandTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="io-malformed-"))
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_each_malformed_file_stops_the_command_with_its_message_and_is_logged(self):
        for case, (data, problem) in MALFORMED.items():
            with self.subTest(case=case):
                path = self.tmp / "partners.xlsx"
                path.write_bytes(data)
                err = io.StringIO()
                with self.assertRaisesMessage(CommandError, "1 problem(s) in partners.xlsx; nothing was imported."):
                    call_command("import_records", "institutions", str(path), stdout=io.StringIO(), stderr=err)
                self.assertIn(UNREADABLE + problem + SAVE_AGAIN, err.getvalue())
                log = ImportLog.objects.latest("pk")
                self.assertEqual(
                    (log.status, log.user, log.error),
                    (ImportLog.Status.FAILED, None, UNREADABLE + problem + SAVE_AGAIN),
                )
        self.assertFalse(Institution.objects.exists())

    def test_a_file_over_the_size_limit_is_refused_without_reading_it_whole(self):
        path = self.tmp / "partners.csv"
        with path.open("wb") as out:
            out.write(b"name_en,country\n")
            out.truncate(6 * 1024 * 1024)
        with (
            mock.patch.object(Path, "read_bytes", side_effect=AssertionError("the whole file was read")),
            self.assertRaisesMessage(CommandError, "1 problem(s) in partners.csv; nothing was imported."),
        ):
            call_command("import_records", "institutions", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(
            ImportLog.objects.get().error, "The file is 6.0 MB; the limit is 5.0 MB. Split it into smaller files."
        )
