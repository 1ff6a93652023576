"""Quizzes: module self-tests as attempts, graded on the server, with scores kept per learner."""
