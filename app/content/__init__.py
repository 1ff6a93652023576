"""The content engine: reads the course source once into immutable objects.

No Flask views live here. Outputs (web pages, PDFs) ask for a view of the course
filtered for their audience and medium; trainer material and final-assessment
questions never reach a learner's output.
"""
