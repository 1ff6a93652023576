"""Learning: enrolment, lesson pages, interactive blocks, progress and reflections."""
