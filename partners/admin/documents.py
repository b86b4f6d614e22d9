"""Private scanned documents in admin forms: the file widget that links the permission-checked download instead of
the unserved storage URL, and the file types a download may open in the browser."""

from django.contrib.admin.widgets import AdminFileWidget

# Scanned agreements are PDFs and images only (checked by the model field's validator, partners/scans.py), so a
# download can never be a page that runs in the admin's origin.
INLINE_DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}


class DocumentWidget(AdminFileWidget):
    """Links the current file to the permission-checked download instead of the (unserved) storage URL."""

    download_url = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and self.download_url:
            context["widget"]["value"] = _DocumentLink(value.name.rsplit("/", 1)[-1], self.download_url)
        return context


class _DocumentLink:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name
