"""A CSV file that is neither UTF-8 nor GBK/GB18030 text reading as Chinese is refused, naming the encodings it could
be in, instead of being imported as garbled Chinese. (UTF-8 and GBK files import as before: EncodingTests.)"""

from django.test import TestCase

from intl_office.core.models import ImportLog
from intl_office.imports import engine
from partners.models import Institution
from students.models import InternationalStudent

REFUSED = "The file is not UTF-8 text, nor GBK/GB18030 text that reads as Chinese; it could be "
SAVE_AS_UTF8 = ". Save it as 'CSV UTF-8' and try again."

JAPANESE = (
    "family_name,given_name,name_zh,nationality,category\n"
    "山田,太郎,山田太郎,JP,degree\n"
    "佐藤,はなこ,佐藤花子,JP,exchange\n"
    "鈴木,いちろう,鈴木一郎,JP,degree\n"
)
KOREAN = (
    "name_en,name_zh,country\n"
    "Seoul National University,서울대학교 국제협력본부,KR\n"
    "Korea University,고려대학교 국제처,KR\n"
    "Yonsei University,연세대학교 국제교육원,KR\n"
    "Pohang University of Science and Technology,포항공과대학교,KR\n"
)
WESTERN = "name_en,country,city\nUniversité de Montréal,CA,Montréal\nUniversidad de Cádiz,ES,Cádiz\n"


class RefusedEncodingTests(TestCase):
    def refusal(self, data: bytes, kind: str) -> str:
        report = engine.run_import(kind, data, "file.csv", dry_run=False)
        self.assertEqual(len(report.errors), 1, report.errors)
        self.assertFalse(InternationalStudent.objects.exists() or Institution.objects.exists())
        log = ImportLog.objects.get()
        self.assertEqual((log.status, log.error), (ImportLog.Status.FAILED, report.errors[0]))
        return report.errors[0]

    def test_shift_jis_japanese_is_refused_as_shift_jis(self):
        data = JAPANESE.encode("shift_jis")
        data.decode("gb18030")  # It would be read as "Chinese".
        message = self.refusal(data, "students")
        self.assertTrue(message.startswith(REFUSED) and message.endswith(SAVE_AS_UTF8), message)
        self.assertIn("Shift-JIS (Japanese)", message)

    def test_euc_kr_korean_is_refused_as_euc_kr(self):
        data = KOREAN.encode("euc_kr")
        data.decode("gb18030")
        message = self.refusal(data, "institutions")
        self.assertTrue(message.startswith(REFUSED + "EUC-KR (Korean)") and message.endswith(SAVE_AS_UTF8), message)

    def test_windows_1252_accented_latin_is_refused_as_windows_1252(self):
        message = self.refusal(WESTERN.encode("cp1252"), "institutions")
        self.assertTrue(message.startswith(REFUSED + "Windows-1252 (Western European)"), message)

    def test_utf16_is_refused_with_or_without_a_byte_order_mark_and_logged_as_failed(self):
        message = "The file is not UTF-8 text (it looks like UTF-16). Save it as 'CSV UTF-8' and try again."
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            with self.subTest(encoding=encoding):
                report = engine.run_import("institutions", WESTERN.encode(encoding), "file.csv", dry_run=True)
                self.assertEqual(report.errors, [message])
                log = ImportLog.objects.latest("pk")
                self.assertEqual((log.status, log.error), (ImportLog.Status.FAILED, message))

    def test_a_file_marked_utf8_that_is_not_is_refused(self):
        message = self.refusal(b"\xef\xbb\xbf" + WESTERN.encode("cp1252"), "institutions")
        self.assertIn("Windows-1252 (Western European)", message)

    def test_a_nul_byte_in_utf8_text_is_left_to_the_row_check(self):
        data = "name_en,country\nUniversity of Tartu\x00,EE\nÉcole Polytechnique,FR\n".encode()
        report = engine.run_import("institutions", data, "file.csv", dry_run=False)
        self.assertIn(
            "row 2, English name: contains the control character U+0000 (NUL), which text may not hold; remove it",
            report.errors,
        )
