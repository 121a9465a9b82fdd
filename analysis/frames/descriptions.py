"""Several short descriptions per Policy Frames Codebook dimension, for prototype scoring.

Each list paraphrases the dimension's definition in the Policy Frames Codebook (Boydstun,
Card, Gross, Resnik & Smith 2014; the codebook of the Media Frames Corpus, Card et al. 2015)
from a few angles: the definition itself, then what a statement that uses the frame talks
about. They were written for this module from the codebook's definitions, not taken from any
labelled corpus. :mod:`analysis.frames.scorer` embeds them and compares a statement
with each; a frame without an entry here (a sidecar's own frame) is described by its one
``description`` alone.
"""
from __future__ import annotations

CODEBOOK_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "economic": (
        "The costs, benefits or financial implications of an issue for people, businesses or the economy.",
        "Money, prices, taxes, budgets, wages and spending.",
        "Jobs, unemployment, markets, trade, profits and economic growth.",
        "Who pays for it and what it will cost the taxpayer or the consumer.",
        "The effect on companies, industries, investment and the national economy.",
    ),
    "capacity and resources": (
        "The availability or lack of physical, human or financial resources to carry out a policy.",
        "Whether there is enough staff, money, time, space or equipment.",
        "Shortages, overcrowding and stretched infrastructure and services.",
        "The capacity of existing systems to cope with demand.",
    ),
    "morality": (
        "A position compelled by religious doctrine, duty, honor, righteousness or a sense of ethics.",
        "What is morally right or wrong, good or evil.",
        "Religious belief, God, sin, conscience and moral values.",
        "Social responsibility, decency, shame and the ethical duty to act.",
    ),
    "fairness and equality": (
        "Whether laws, rewards, punishments and resources are applied equally or unequally among groups.",
        "Discrimination, inequality, racism, sexism and unequal treatment.",
        "Equal rights and the balance of one group's interests against another's.",
        "Whether something is fair or unfair, just or unjust to the people affected.",
        "The gap between the rich and the poor, privilege and disadvantage.",
    ),
    "legality, constitutionality and jurisprudence": (
        "The constraints and freedoms that the constitution, laws and courts impose on or grant to "
        "government, people and companies.",
        "Courts, judges, lawsuits, rulings and legal challenges.",
        "Constitutional rights, civil liberties and the legal authority of government to regulate.",
        "Whether something is legal or illegal under the law and how the law is interpreted.",
        "Legislation, legal requirements, compliance with the law and legal obligations.",
    ),
    "policy prescription and evaluation": (
        "Particular policies proposed to address a problem, and whether existing or proposed policies work.",
        "What the government should do about the problem and which solution is best.",
        "Evaluating a program or plan: is it effective, does it fail, should it be changed.",
        "Reforms, regulations, bans and proposals to fix an issue.",
    ),
    "crime and punishment": (
        "Breaking the law, enforcement of laws, crime rates, policing, sentencing and punishment.",
        "Police, arrests, prisons, criminals and criminal charges.",
        "Fines, penalties, prosecutions and how offenders are punished.",
        "Violent crime, theft, fraud and illegal activity.",
    ),
    "security and defense": (
        "Threats to the security of a person, group or nation and actions taken to protect against them.",
        "The military, war, defense and national security.",
        "Terrorism, extremism, attacks and counterterrorism.",
        "Surveillance, intelligence services and protecting the country from enemies.",
    ),
    "health and safety": (
        "Health care, illness, disease, injury and the physical safety of people.",
        "Hospitals, doctors, medicine, mental health and public health.",
        "Accidents, disasters, deaths, pollution and danger to human life.",
        "Safety of buildings, infrastructure, food, drugs and the environment people live in.",
    ),
    "quality of life": (
        "The effects of a policy on people's wealth, mobility, happiness and everyday routines.",
        "How daily life, family life and communities are affected.",
        "Convenience, comfort, housing, commuting and well-being.",
        "Whether people can live good lives and access what they need.",
    ),
    "cultural identity": (
        "The social norms, traditions, values and customs of a culture as they bear on an issue.",
        "National identity, heritage, language, history and way of life.",
        "Social trends and changing values in the culture of a country or community.",
        "Ethnic, religious or regional identity and belonging to a group.",
    ),
    "public opinion": (
        "General social attitudes, polls and what the public or voters think.",
        "Protests, popular support or opposition, and the mood of citizens.",
        "Surveys, referendums and the views of ordinary people.",
        "What most people believe and how public sentiment is changing.",
    ),
    "political": (
        "The political considerations around an issue: parties, partisanship, lobbying and political maneuvering.",
        "Politicians, elections, campaigns, votes and political strategy.",
        "Government leaders, the opposition, left and right, and power struggles.",
        "Whether an issue is good or bad for a party or a politician.",
    ),
    "external regulation and reputation": (
        "Relations between countries or states, international agreements and a nation's reputation abroad.",
        "Foreign policy, diplomacy, international pressure and sanctions.",
        "How other countries and international bodies react and compare.",
        "Trade agreements and a country's standing in the world.",
    ),
    "other": (
        "A personal remark or anecdote that raises no policy issue.",
        "Something that fits none of the usual policy framing categories.",
    ),
}
