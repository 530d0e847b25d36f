from bricksmith.cli import main

raise SystemExit(main())
