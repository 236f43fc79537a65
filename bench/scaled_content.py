"""A bigger borough for the benchmarks: the demo content, plus copies of its services and of its hubs with their
activities (new slugs) up to the numbers asked for, so pages hold as many entries as a large council's would."""

from app.config import REPO_ROOT
from app.content.loader import ContentSet, load_content

ACTIVITIES_PER_HUB = 100


def scaled(services: int, activities: int) -> ContentSet:
    demo = load_content(REPO_ROOT / "content")
    content = ContentSet(
        taxonomies=demo.taxonomies,
        areas=demo.areas,
        organisations=demo.organisations,
        venues=demo.venues,
        guides=demo.guides,
        hubs=list(demo.hubs),
    )  # services meet there
    for number in range(services):
        source = demo.services[number % len(demo.services)]
        content.services.append(
            source.model_copy(update={"slug": f"{source.slug}-{number}", "name": f"{source.name} {number}"})
        )
    all_activities = [a for hub in demo.hubs for a in hub.activities]
    made = sum(len(hub.activities) for hub in demo.hubs)
    hubs = max(0, -(-(activities - made) // ACTIVITIES_PER_HUB))
    for number in range(hubs):
        source = demo.hubs[number % len(demo.hubs)]
        mine = []
        while made < activities and len(mine) < ACTIVITIES_PER_HUB:
            activity = all_activities[made % len(all_activities)]
            mine.append(
                activity.model_copy(update={"slug": f"{activity.slug}-{made}", "name": f"{activity.name} {made}"})
            )
            made += 1
        content.hubs.append(
            source.model_copy(
                update={"slug": f"{source.slug}-{number}", "name": f"{source.name} {number}", "activities": mine}
            )
        )
    return content
