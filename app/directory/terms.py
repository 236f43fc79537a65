"""The taxonomy's wording is part of the interface: these strings are extracted for the UI catalogs so that topic
and service-type names are translated like any other label (a test keeps this list in step with
content/taxonomy.yml)."""

from app.i18n.context import N_

TERM_STRINGS = (
    # Topics
    N_("Health and wellbeing"),
    N_("Staying well, health checks, mental health, memory problems and healthy activities."),
    N_("Looking after someone"),
    N_("Help for unpaid carers - family, friends and neighbours who look after someone."),
    N_("Money and legal matters"),
    N_("Paying for care, benefits, debt, direct payments and legal rights."),
    N_("Being at home"),
    N_("Care at home, equipment and adaptations, and staying independent."),
    N_("Work and learning"),
    N_("Jobs, volunteering, courses and getting online."),
    N_("Staying safe"),
    N_("Protecting adults from abuse and neglect, and what to do if you are worried."),
    # Service types
    N_("Advice and information"),
    N_("Advocacy"),
    N_("Benefits and debt advice"),
    N_("Befriending"),
    N_("Care needs assessment"),
    N_("Support for carers"),
    N_("Community group"),
    N_("Day opportunities"),
    N_("Getting online"),
    N_("Direct payments"),
    N_("Help finding work"),
    N_("Equipment and adaptations"),
    N_("Exercise and wellbeing"),
    N_("Food and meals"),
    N_("Health checks"),
    N_("Care at home"),
    N_("Housing support"),
    N_("Interpreting and translation"),
    N_("Learning and courses"),
    N_("Memory problems and dementia"),
    N_("Mental health"),
    N_("Reablement"),
    N_("Safeguarding (keeping adults safe)"),
    N_("Sight and hearing support"),
    N_("Volunteering"),
)
