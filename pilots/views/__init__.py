"""The pilot pages, by concern (each module imported by pilots/urls.py):

- ``pilot``: loading a pilot (404 when the user may not see it, 403 saying why when they may
  see but not act), the list of pilots and the pilot's page;
- ``plan``: the plan editor (试点方案);
- ``reports``: the progress report editor, its evidence files and their download;
- ``summary``: the pilot's summary (试点总结).

The province's and the ministry's pages (reviewing plans, reports and summaries, supervision,
evaluation, titles) live in their own modules beside these:

- ``review``: the province reviews a pilot's plan (with the comparison of versions), its
  progress reports (target against actual) and its summary (with the provincial opinion);
- ``provincial``: the province's overview of its pilots and its provincial summary;
- ``supervision``: 督导 records by the ministry or the pilot's province, with files;
- ``ministry``: the ministry's page (schedule, all pilots by province, provincial summaries,
  the comprehensive evaluation, titles, the demonstration list) and the certificates (PDF).
"""
