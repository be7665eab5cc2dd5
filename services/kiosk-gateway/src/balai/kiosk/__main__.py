"""``python -m balai.kiosk serve | enroll-info``: see :mod:`balai.kiosk.cli`."""

from balai.kiosk.cli import main

raise SystemExit(main())
