"""Who a speaker is: the people, organisations, pronouns and documents an article mentions
(``mentions``), a Lappin & Leass (1994) salience model that resolves pronouns and role nouns to
them with gender agreement (``salience``, first names from ``first_names``), and the resolution of
each statement's speaker mention to a canonical name and an actor (``resolution``).

Below :mod:`analysis.attribution`, which calls it; imports only the package root.
"""
