"""The words every layer shares and imports nothing else of the project: where files are (paths), problems as
``file:line: message`` (problems), atomic writes, coordinate systems, the rules that read a day from a file
name (filedates), field types and names, and how things are shown: the one palette, the one text formatter
(numbers, dates, sentences), languages (i18n), escaping (textsafe) and the registry of export formats.
"""
