"""No tables: the roles are auth groups. The module exists because Django sends ``post_migrate`` only to apps with a
models module, and the roles are completed after every ``migrate`` from that signal (``RolesConfig.ready``)."""
