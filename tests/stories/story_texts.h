// Story texts shared by the near-duplicate tests: a story, an edited wire copy of it, and another
// story on the same topic written separately.
#pragma once

namespace gleaner::stories {

inline const char* const kStory =
    "The river burst its banks early on Tuesday, flooding the lower town and forcing more than two hundred "
    "families from their homes before dawn.\n\n"
    "Emergency crews used boats to reach residents trapped on upper floors, and the regional council opened "
    "the sports hall and two schools as shelters for the night.\n\n"
    "\"We have never seen the water rise this fast,\" said the mayor, who spent the morning at the command post "
    "by the old bridge. \"Our priority is that everyone is safe and accounted for.\"\n\n"
    "Forecasters had warned on Sunday that three days of heavy rain in the hills would swell the river, but "
    "the peak arrived six hours earlier than the models predicted.\n\n"
    "The railway line to the coast was closed after a section of embankment collapsed near the station, and "
    "engineers said repairs could take at least a week.\n\n"
    "Farmers in the valley reported losing livestock and stored grain, and the agriculture ministry said it "
    "would assess the damage once the water receded.\n\n"
    "The council has asked residents not to return to their homes until the electricity company has checked "
    "every building in the flooded streets.";

// The same story as another outlet runs it: a dateline, a few words changed, the last paragraph cut,
// a credit line and a newsletter prompt added.
inline const char* const kWireCopy =
    "RIVERTON (Wire) — The river burst its banks early Tuesday, flooding the lower town and forcing more than "
    "200 families from their homes before dawn.\n\n"
    "Emergency crews used boats to reach residents trapped on upper floors, and the regional council opened "
    "the sports hall and two schools as shelters overnight.\n\n"
    "\"We have never seen the water rise this fast,\" said the mayor, who spent the morning at the command post "
    "by the old bridge. \"Our priority is that everyone is safe and accounted for.\"\n\n"
    "Forecasters had warned on Sunday that three days of heavy rain in the hills would swell the river, but "
    "the peak came six hours earlier than models predicted.\n\n"
    "The railway line to the coast was closed after a section of embankment collapsed near the station, and "
    "engineers said repairs could take at least a week.\n\n"
    "Farmers in the valley reported losing livestock and stored grain, and the agriculture ministry said it "
    "would assess the damage once the water receded.\n\n"
    "Reporting by the Wire staff; editing by the news desk.\n\n"
    "Sign up for our morning newsletter.";

// Another story on the same flood, written separately.
inline const char* const kSameTopic =
    "Residents of the lower town began clearing mud from their houses on Thursday as the flood water finally "
    "drained away from the streets along the river.\n\n"
    "Volunteers from neighbouring villages brought shovels, pumps and food, and the regional council said the "
    "shelters in the sports hall and the schools would stay open until the weekend.\n\n"
    "Insurance companies have set up a desk at the town hall, where families can register damage to their homes "
    "and cars. Many farmers in the valley are still counting the cost of lost livestock and grain.\n\n"
    "The mayor said the town would ask the government for emergency funds and for a study of flood defences "
    "before the next rainy season, after the river rose faster than forecasters had predicted.\n\n"
    "The railway to the coast remains closed while engineers rebuild the embankment near the station.";

}  // namespace gleaner::stories
