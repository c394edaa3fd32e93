"""The published record: what anyone may read, without signing in.

Every public reader (the portal, the read API, open data, search for the public) asks
`published.records` and nothing else, so the rule of what is public lives in one place.
"""
