"""``python -m mediakit`` runs the command line."""

import sys

from mediakit.cli import main

sys.exit(main())
