#!/usr/bin/env python
"""Django's command-line utility: runserver, migrate, sync_cassandra, createsuperuser, check ..."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.django_settings")
    from django.core.management import execute_from_command_line

    from taskboard.kit.env import BadSetting, MissingSetting
    from taskboard.kit.settings import SettingsError

    try:
        execute_from_command_line(sys.argv)
    except (MissingSetting, BadSetting, SettingsError) as exc:  # e.g. production without its secret: one line
        sys.exit(f"error: {exc}")


if __name__ == "__main__":
    main()
