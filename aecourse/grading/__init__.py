"""Graded exercises: stub generation, student release, and a sandboxed grader.

The reference solutions live in ``exercises/solutions`` with markers around the
solution code (see :mod:`aecourse.grading.stubs`). ``aecourse release DEST``
writes the student version; ``aecourse grade SUBMISSION`` grades one.
"""
