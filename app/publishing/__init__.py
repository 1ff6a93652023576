"""Publishing: print editions of the course as PDFs, made only through this package.

`pdf.py` owns WeasyPrint and its URL fetcher; renders run in a child process with a
time and memory limit; results are cached by content version, edition, options and
fonts.
"""
