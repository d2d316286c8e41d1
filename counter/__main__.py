import sys

from counter.cli import main

sys.exit(main())
