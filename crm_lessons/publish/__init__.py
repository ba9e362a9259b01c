"""Build tooling for instructors, out of the learner's namespace: ``python -m crm_lessons.publish.<tool>``.

- :mod:`~crm_lessons.publish.slides`: slide boundaries in the notebooks, and offline reveal.js decks;
- :mod:`~crm_lessons.publish.course_html`: the whole course as static HTML pages;
- :mod:`~crm_lessons.publish.handouts`: the student version (solutions removed) and its zip;
- :mod:`~crm_lessons.publish.grading`: re-run and score submitted notebooks.
- :mod:`~crm_lessons.publish.editions`: the Chinese edition of the notebooks, built from translation catalogues.

The Makefile calls them (``make notebooks``, ``make slides``, ``make html``, ``make student``,
``make grade``); a notebook never needs them.
"""
