"""A person's document file: checked as agreement scans are (``partners.scans``: a PDF or an image that is what its
name says, of at most ``settings.AGREEMENT_SCAN_MAX_BYTES``), kept in private storage, and removed from storage when
replaced, cleared or deleted (once the transaction commits)."""

from django.db import transaction


def _delete_after_commit(model, storage, name: str, using: str) -> None:
    def delete():
        if not model._default_manager.using(using).filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete, using=using, robust=True)


def remember_stored_file(sender, instance, raw=False, using=None, **kwargs) -> None:
    instance._stored_file = ""
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._default_manager.using(using).filter(pk=instance.pk).values_list("file", flat=True).first()
    instance._stored_file = stored or ""


def delete_replaced_file(sender, instance, raw=False, using=None, **kwargs) -> None:
    old = getattr(instance, "_stored_file", "")
    if not raw and old and old != instance.file.name:
        _delete_after_commit(sender, instance.file.storage, old, using)


def delete_file_of_deleted(sender, instance, using=None, **kwargs) -> None:
    if instance.file:
        _delete_after_commit(sender, instance.file.storage, instance.file.name, using)
