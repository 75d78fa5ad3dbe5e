"""Running checks over records: ``loop`` (the one record loop, and ``check_capture``),
``summary`` (the counts of a run), ``traffic`` (a whole run over inputs, with progress and
diagnostics), ``parallel`` (the same run on several processes, same result), ``progress``.
This layer imports ``contract`` and ``capture``, never ``report`` or ``cli``.
"""
