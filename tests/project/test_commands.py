"""Every management command of the project answers ``--help``."""

from django.core.management import get_commands, load_command_class
from django.test import SimpleTestCase

PROJECT_APPS = ("intl_office", "partners", "programs", "students", "experts")


def project_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app.split(".")[0] in PROJECT_APPS}


class CommandHelpTests(SimpleTestCase):
    def test_the_project_has_its_commands(self):
        self.assertLessEqual({"import_records", "send_reminders", "load_demo", "demo_login"}, set(project_commands()))

    def test_each_command_prints_its_help(self):
        for name, app in project_commands().items():
            with self.subTest(command=name):
                command = load_command_class(app, name)
                text = command.create_parser("manage.py", name).format_help()
                self.assertIn(f"usage: manage.py {name}", text)
                self.assertTrue(command.help, "a command says what it does")
                # argparse re-wraps the text: compare words, not lines.
                self.assertIn(" ".join(str(command.help).split()[:6]), " ".join(text.split()))
