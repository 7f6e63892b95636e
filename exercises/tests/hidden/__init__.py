"""Hidden tests of the graded exercises (a package, so that names may repeat in public/)."""
