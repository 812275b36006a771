"""The made-up people, places and phrases the demo is built from.

Every name here is invented and meant to look it: surnames such as
"Example" and "Placeholder", places such as "Sampleton" and "Demoshire".
"""

from __future__ import annotations

# key, name, sector, contact
AGENCIES = (
    ("police", "Demoshire Police (demo)", "police", "MACE desk, Demoshire Police"),
    ("health", "Sampleton Community Health (demo)", "health", "Named nurse for safeguarding"),
    ("hospital", "Demoshire Hospitals Trust (demo)", "health", "Safeguarding team"),
    (
        "city-cs",
        "Sampleton City Children's Services (demo)",
        "childrens-services",
        "Exploitation team manager",
    ),
    (
        "county-cs",
        "Demoshire County Children's Services (demo)",
        "childrens-services",
        "Exploitation team manager",
    ),
    ("education", "Demoshire Inclusion Service (demo)", "education", "Inclusion lead"),
    ("yjs", "Sampleton Youth Justice (demo)", "youth-justice", "Operations manager"),
    ("voluntary", "Lantern Lane Youth Project (demo)", "voluntary", "Project lead"),
    (
        "district",
        "Exampleford District Council (demo)",
        "district-council",
        "Community safety lead",
    ),
    ("business", "MACE Business Support (demo)", "business-support", "Business support lead"),
)

# name, agency key, title, role
PEOPLE = (
    ("DS Ada Testwell", "police", "Detective Sergeant", "chair"),
    ("Pat Sampleby", "police", "Exploitation coordinator", "coordinator"),
    ("PC Rowan Placeholder", "police", "Neighbourhood officer", "member"),
    ("DI Quinn Demoson", "police", "Detective Inspector", "chair"),
    ("Bea Mockford", "health", "Named nurse, safeguarding", "member"),
    ("Dev Fakeley", "hospital", "Safeguarding practitioner", "member"),
    ("Cal Exampleton", "city-cs", "Team manager, exploitation", "member"),
    ("Noor Dummett", "city-cs", "Social worker", "member"),
    ("Hal Pretendy", "county-cs", "Team manager, exploitation", "member"),
    ("Ivy Madeup", "county-cs", "Senior practitioner", "member"),
    ("Lou Specimen", "education", "Inclusion officer", "member"),
    ("Max Trialson", "yjs", "Youth justice officer", "member"),
    ("Sky Sandbox", "voluntary", "Youth worker", "member"),
    ("Kit Mockley", "district", "Community safety officer", "member"),
    ("Robin Minutes", "business", "Business support officer", "minute-taker"),
    ("Jo Analystic", "police", "Exploitation analyst", "analyst"),
)

# The regular DRMM panel (deputies step in now and then).
DRMM_PANEL = (
    "DS Ada Testwell",
    "Pat Sampleby",
    "Bea Mockford",
    "Cal Exampleton",
    "Hal Pretendy",
    "Lou Specimen",
    "Max Trialson",
)
DEPUTIES = {
    "Bea Mockford": "Dev Fakeley",
    "Cal Exampleton": "Noor Dummett",
    "Hal Pretendy": "Ivy Madeup",
}
FORM_PANEL = (
    "DI Quinn Demoson",
    "Pat Sampleby",
    "Bea Mockford",
    "Cal Exampleton",
    "Hal Pretendy",
    "Sky Sandbox",
    "Robin Minutes",
)

FIRST_NAMES = (
    "Riley",
    "Jordan",
    "Casey",
    "Morgan",
    "Alex",
    "Sam",
    "Taylor",
    "Jamie",
    "Charlie",
    "Avery",
    "Frankie",
    "Harley",
    "Jesse",
    "Kai",
    "Logan",
    "Mackenzie",
    "Nico",
    "Oakley",
    "Parker",
    "Reese",
    "Rory",
    "Sasha",
    "Tyler",
    "Quinn",
    "Drew",
    "Emery",
    "Finley",
    "Hayden",
    "Jude",
    "Lennon",
)
SURNAMES = (
    "Example",
    "Sample",
    "Testcase",
    "Placeholder",
    "Demo",
    "Fictional",
    "Mockup",
    "Dummy",
    "Notreal",
    "Imaginary",
    "Madeup",
    "Pretend",
    "Specimen",
    "Fakename",
    "Sandbox",
    "Testington",
    "Lorem",
    "Ipsum",
    "Prototype",
    "Draftly",
)
LOCAL_AUTHORITIES = ("Sampleton City", "Demoshire County", "Exampleford")
NPAS = ("Sampleton Central NPA", "Sampleton East NPA", "Demoshire North NPA", "Exampleford NPA")

REASONS = (
    "Found with an older adult in a car late at night, several miles from home; phone seized.",
    "Missing three times this month; returned each time with new clothes and cash.",
    "School reports a sudden change in friends and unexplained absences on Fridays.",
    "Intelligence links the child to an address used for supplying drugs.",
    "Screening tool resubmitted after a disclosure to a youth worker.",
    "Stopped in a neighbouring town with a second phone and a train ticket bought by someone else.",
    "Parent reports the child is receiving gifts from an unknown adult met online.",
    "Partner referral: the child has been seen at a takeaway linked to exploitation concerns.",
)

NOTES = {
    "threat": (
        "Adult male, not yet identified, collects the child from near school.",
        "Group associated with a local supply line named in recent intelligence.",
        "Online contact from an account using several names.",
    ),
    "harm": (
        "Injury to the hand reported by school; explanation unclear.",
        "Child described feeling scared of being in debt to others.",
        "No physical injuries noted at the return-home interview.",
    ),
    "risk": (
        "Missing episodes increasing in length; last one 30 hours.",
        "Risk likely to rise over the school holidays.",
        "Protective factors: close to grandparent, attends college two days a week.",
    ),
    "investigation": (
        "Crime recorded; officer in the case allocated.",
        "Phone download requested; awaiting result.",
        "No crime identified at this time.",
    ),
    "vulnerabilities": (
        "Recently moved placement; new school.",
        "Known to have unmet learning needs.",
        "Bereavement in the family this year.",
    ),
    "engagement": (
        "Youth worker has built good contact; child talks most on walks.",
        "Parent engages well and is keen for support.",
        "Child has not yet felt able to talk with services.",
    ),
}

RATIONALES = {
    "HIGH": "Several indicators with likely imminent harm: going missing, unknown adults, injuries.",
    "MEDIUM": "Clear indicators with likely impact on the child; no sign of imminent serious harm.",
    "LOW": "Some indicators present; protective factors and current support keep the risk low.",
}

ACTIONS = (
    ("Complete a return-home interview and share the summary with the panel", "city-cs"),
    ("Send the NPA referral form with the risk summary and disruption options", "police"),
    ("Arrange a health assessment and confirm the date to the panel", "health"),
    ("Share the school attendance record for the last six weeks with police", "education"),
    ("Visit the family home and complete the exploitation screening tool", "county-cs"),
    ("Check the address linked in intelligence and report back to the hub", "police"),
    (
        "Offer the child a weekly session with the youth project and record the response",
        "voluntary",
    ),
    ("Update the safety plan with the child and carer and circulate it", "county-cs"),
)

# Education settings the demo's children attend (R21: the data pack lists those in referrals).
# Listed more than once where a setting should feature more often.
EDUCATION_SETTINGS = (
    "Exampleford Academy",
    "Exampleford Academy",
    "Sampleton High School",
    "Sampleton High School",
    "Testshire College",
    "Mockbridge Pupil Referral Unit",
    "Placeholder Primary School",
    "Demoshire Grammar School",
    "Dummyton Alternative Provision",
    "Notreal Community College",
    "Imaginary Lane Academy",
    "Testshire Virtual School",
)

# Places of concern are made from a town and a kind of place (R22), e.g. "Testshire Retail Park".
CONCERN_TOWNS = ("Testshire", "Sampleton", "Exampleford", "Mockbridge", "Dummyton", "Demoshire")
CONCERN_PLACES = (
    ("Retail Park", "street-or-area", "The car park and the walkway behind the shops."),
    ("Bus Station", "street-or-area", "The shelters on the north side."),
    ("Skate Park", "street-or-area", "The park and the path to the canal."),
    ("Late Takeaway", "premises", "A takeaway open past midnight."),
    ("Vape Shop", "premises", "A shop on the high street."),
    ("Snooker Hall", "premises", "First-floor snooker club."),
    ("Budget Hotel", "premises", "A hotel by the ring road."),
    ("gaming server", "online", "A voice-chat server for a popular game."),
    ("group chat", "online", "A messaging group, invite only."),
)
CONCERN_PERSON_FIRST = ("Dale", "Kris", "Lee", "Ashley", "Jordan", "Robbie", "Sid", "Kelly", "Mo")
CONCERN_PERSON_LAST = ("Testerton", "Samplewell", "Exampleby", "Mockford", "Dummett", "Fakeley")
PERSON_LINKS = ("seen with", "recruited by", "associates with", "in contact online with")
LOCATION_LINKS = ("goes to", "seen at", "lives near", "found at when missing")
MISSING_SOURCES = ("Police missing log (demo)", "Children's services report (demo)", "imported")
# Why a person or a location of concern got its grade, by grade (the demo's FORM history).
CONCERN_RATIONALES = {
    "HIGH": "Several children linked in recent weeks and fresh intelligence of exploitation here.",
    "MEDIUM": "Linked to children before; no new intelligence since the last review.",
    "LOW": "No recent link to any child; kept under review through partners' reports.",
}
