from champions.cli import main

raise SystemExit(main())
