"""The embedded stack behind `make up`: every central service in one process behind one origin."""
