"""The final assessment: drawn, shuffled, timed, resumable attempts, graded only on the server."""
