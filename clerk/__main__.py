"""`python -m clerk ...` is the `clerk` command."""

import sys

from clerk.cli import main

sys.exit(main())
