"""What each role has left to do: the to-do lists of the home pages.

One module per role (section, planning, council); each returns plain data whose items
link to the page where the thing is done. The due dates come from the year's schedule
(``shisaku.notices.schedule``), read once per page through ``deadlines.Deadlines``.
"""
