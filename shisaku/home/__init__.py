"""The home page of each role and the navigation: the top of the apps.

It reads every app (the plans, the projects, the articles, the to-do lists) and no app
imports it, so ``core`` can stay the bottom that every app builds on.
"""
