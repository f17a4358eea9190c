"""Word lists for the demo notices: places in each ward, fictional people, officers' accounts.

Every person is invented (names drawn from lists, addresses on made-up streets, phone numbers
in Ofcom's 07700 900xxx drama range). Places are the borough's real public streets, parks and
stations, as an officer would write them. ``{place}`` in an account is the place of the offence.
"""

from __future__ import annotations

# ward -> (postcode district, public places an officer patrols there)
WARD_PLACES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Addison": ("W14", ("Blythe Road", "Addison Road by the bus stop", "Shepherd's Bush Road")),
    "Avonmore": ("W14", ("Hammersmith Road outside Olympia", "Avonmore Road")),
    "Brook Green": ("W6", ("Brook Green, by the tennis courts", "Shepherd's Bush Road")),
    "College Park & Old Oak": (
        "NW10",
        ("Scrubs Lane", "Old Oak Common Lane", "Wormwood Scrubs, south path"),
    ),
    "Coningham": (
        "W12",
        ("Uxbridge Road by the market", "Askew Road, junction with Uxbridge Road"),
    ),
    "Fulham Reach": ("W6", ("Fulham Palace Road", "Thames Path at Fulham Reach")),
    "Fulham Town": ("SW6", ("Fulham Broadway, outside the station", "Harwood Road")),
    "Grove": ("W6", ("Hammersmith Grove", "Goldhawk Road")),
    "Hammersmith Broadway": (
        "W6",
        (
            "Hammersmith bus station",
            "King Street, Lyric Square",
            "Hammersmith Broadway shopping centre entrance",
        ),
    ),
    "Lillie": ("SW6", ("Lillie Road", "North End Road market")),
    "Munster": ("SW6", ("Munster Road", "Fulham Road by the cinema")),
    "Palace & Hurlingham": ("SW6", ("Bishop's Park riverside", "Putney Bridge approach")),
    "Parsons Green & Sandford": ("SW6", ("Parsons Green", "New King's Road")),
    "Ravenscourt": ("W6", ("Ravenscourt Park", "King Street near Ravenscourt Park station")),
    "Sands End": ("SW6", ("Imperial Wharf station", "Wandsworth Bridge Road")),
    "Shepherd's Bush Green": (
        "W12",
        ("Shepherd's Bush Green", "Westfield London, Ariel Way entrance"),
    ),
    "Walham Green": ("SW6", ("Vanston Place", "Dawes Road")),
    "Wendell Park": ("W12", ("Wendell Park", "Askew Road shops")),
    "West Kensington": ("W14", ("West Kensington station", "North End Road by the library")),
    "White City": ("W12", ("Wood Lane", "White City bus station")),
    "Wormholt": ("W12", ("Wormholt Park", "Old Oak Road")),
}

# (latitude, longitude) near each postcode district, for the notices that carry a position.
DISTRICT_POINTS: dict[str, tuple[float, float]] = {
    "W6": (51.4925, -0.2260),
    "W12": (51.5060, -0.2330),
    "W14": (51.4960, -0.2080),
    "SW6": (51.4760, -0.2000),
    "NW10": (51.5230, -0.2380),
}

# Postcode districts recipients live in: mostly local, some from elsewhere in London.
HOME_DISTRICTS = (
    "W6",
    "W6",
    "W12",
    "W12",
    "W14",
    "SW6",
    "SW6",
    "NW10",
    "W3",
    "W4",
    "W10",
    "W11",
    "SW5",
    "SW11",
    "SE15",
    "E8",
    "N7",
    "TW8",
    "UB3",
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

FIRST_NAMES = (
    "Aaron",
    "Adebayo",
    "Aidan",
    "Ali",
    "Andrei",
    "Ashley",
    "Ben",
    "Bilal",
    "Callum",
    "Carlos",
    "Chidi",
    "Connor",
    "Craig",
    "Daniel",
    "Darius",
    "Dean",
    "Dmitri",
    "Eamon",
    "Ethan",
    "Farid",
    "Gary",
    "Harvey",
    "Imran",
    "Jake",
    "Jamal",
    "Jason",
    "Jordan",
    "Kai",
    "Karim",
    "Kieran",
    "Liam",
    "Lewis",
    "Luca",
    "Marcus",
    "Mateusz",
    "Mohammed",
    "Nathan",
    "Nikos",
    "Olu",
    "Omar",
    "Patrick",
    "Piotr",
    "Reece",
    "Ricardo",
    "Rory",
    "Ryan",
    "Sami",
    "Scott",
    "Sean",
    "Stefan",
    "Terrence",
    "Tomasz",
    "Tyler",
    "Warren",
    "Yusuf",
    "Zak",
    "Chloe",
    "Kayleigh",
    "Natasha",
    "Shannon",
)
SURNAMES = (
    "Abbott",
    "Adeyinka",
    "Ahmadi",
    "Barker",
    "Bennett",
    "Bianchi",
    "Boateng",
    "Brennan",
    "Carver",
    "Chaudhry",
    "Collins",
    "Costa",
    "Dawson",
    "Demir",
    "Doherty",
    "Dunne",
    "Ellison",
    "Fletcher",
    "Gallagher",
    "Garcia",
    "Grant",
    "Hale",
    "Hussain",
    "Ivanov",
    "Jennings",
    "Kaminski",
    "Kelly",
    "Kowal",
    "Lambert",
    "Mahmood",
    "McAllister",
    "Mensah",
    "Moreno",
    "Murphy",
    "Nowak",
    "Nwosu",
    "O'Brien",
    "Okoro",
    "Osei",
    "Papadopoulos",
    "Patel",
    "Pearce",
    "Quinn",
    "Rahman",
    "Reid",
    "Rossi",
    "Santos",
    "Shaw",
    "Sheikh",
    "Stone",
    "Szabo",
    "Thorne",
    "Townsend",
    "Varga",
    "Walsh",
    "Whitfield",
    "Yilmaz",
)
STREETS = (
    "Larkspur Road",
    "Marlow Crescent",
    "Tenby Gardens",
    "Orchard Mews",
    "Coleridge Street",
    "Beacon Avenue",
    "Hollybank Road",
    "Kestrel Close",
    "Milford Terrace",
    "Quayside Walk",
    "Rowan Court",
    "Sefton Place",
    "Thistle Grove",
    "Upton Lane",
    "Wexford Road",
    "Alder House, Cotswold Estate",
    "Brindley Tower, Canal Estate",
    "Fenwick Street",
)
VICTIM_NAMES = (
    "Amelia Hart",
    "Bethany Cole",
    "Charlotte Nyarko",
    "Daisy Whelan",
    "Eleanor Frost",
    "Fatima Begum",
    "Grace Lindqvist",
    "Hannah Oduya",
    "Isla Brady",
    "Jasmine Khoury",
    "Katie Morgan",
    "Leah Adler",
    "Maya Goldberg",
    "Nadia Sokolova",
    "Olivia Reyes",
    "Priya Nair",
    "Rosa Ferreira",
    "Sophie Tan",
    "Tamsin Price",
    "Zara Malik",
    "Alex Rivers",
    "Chris Ong",
    "Jamie Fox-Lowe",
    "Sam Okafor-Reid",
)
WITNESS_NAMES = (
    "Brian Tolland (shopkeeper)",
    "Carol Maine (bus driver)",
    "Derek Osu (security guard)",
    "Elaine Parr",
    "Frank Moloney",
    "Gillian Stark (café owner)",
    "Hugo Lamb",
    "Irene Castell",
)

# prohibition -> (hostilities that fit, officers' accounts)
ACCOUNTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sexualised_comments": (
        ("misogyny",),
        (
            "At {place} I saw the recipient walk alongside a woman and make loud comments about "
            "her body. She told him to leave her alone; he laughed and repeated them to his "
            "friends.",
            "While on patrol at {place} I heard the recipient call out sexual remarks to two women "
            "waiting at the crossing. Both looked distressed and moved away; he followed them with "
            "further comments.",
            "I was approached by a woman at {place} who pointed out the recipient. I then watched "
            "him make explicit comments to another woman passing by, who hurried into a shop.",
            "The recipient sat on a bench at {place} commenting on the appearance of women walking "
            "past, several of them visibly upset. When one answered back he became louder and "
            "more explicit.",
            "At {place} the recipient leaned out of a parked van and shouted sexual comments at a "
            "young woman with a pushchair. She crossed the road to get away from him.",
        ),
    ),
    "persistent_questioning": (
        ("misogyny", "none_apparent"),
        (
            "At {place} the recipient repeatedly stopped a woman to ask for her phone number and "
            "where she lived, after she had clearly said no three times and tried to walk away.",
            "I saw the recipient stand in the path of a woman at {place} asking personal questions "
            "about her relationship status. He stepped in front of her each time she moved aside.",
            "The recipient approached a lone woman at {place} late in the evening and kept asking "
            "whether she was alone and where she was going, despite her asking him to stop.",
            "At {place} the recipient questioned a teenage girl in school uniform about where she "
            "lived and whether she had a boyfriend. She was visibly frightened and ran to a "
            "friend.",
        ),
    ),
    "following": (
        ("misogyny", "homophobic", "none_apparent"),
        (
            "I observed the recipient follow a woman from {place} for about 200 metres, keeping a "
            "few steps behind her and speeding up when she did. She stopped and asked me for help.",
            "At {place} the recipient followed a same-sex couple after they held hands, walking "
            "close behind them and commenting about them until they went into a shop.",
            "The recipient followed a woman off the bus at {place} and walked behind her, crossing "
            "the road each time she did. She phoned a friend and asked me to stay with her.",
            "From {place} the recipient followed a jogger on his bicycle, circling back to ride "
            "beside her and calling out to her. She stopped running and waited by me.",
        ),
    ),
    "slurs": (
        ("homophobic", "transphobic", "misogyny", "race"),
        (
            "At {place} the recipient shouted a homophobic slur at two men walking together and "
            "made a gesture at them. Both men were upset and said it had happened before.",
            "The recipient directed transphobic abuse at a woman waiting at {place}, repeatedly "
            "misgendering her loudly and calling her a slur in front of other people.",
            "I heard the recipient call a woman a misogynistic slur at {place} after she refused "
            "to talk to him. He repeated it several times as she walked away.",
            "At {place} the recipient shouted racist and sexist abuse at a woman on the phone, "
            "telling her to go back to her own country. Several members of the public intervened.",
            "While outside {place} the recipient called a passer-by a homophobic slur because of "
            "his clothing, then laughed with his friends and repeated it.",
        ),
    ),
    "flashing": (
        ("misogyny",),
        (
            "A woman reported to me at {place} that the recipient had exposed himself to her. I "
            "found the recipient nearby matching her description, and CCTV was requested.",
            "At {place} I saw the recipient expose himself towards a group of women sitting on "
            "the grass. He covered up when he saw me approach and tried to leave.",
            "The recipient exposed himself to a woman walking through {place} in the early "
            "evening. She was shaken and pointed him out to me moments later.",
        ),
    ),
    "non_consensual_contact": (
        ("misogyny", "race", "none_apparent"),
        (
            "At {place} the recipient put his arm around a woman he did not know and tried to pull "
            "her towards him. She pushed him away and told him to stop.",
            "I saw the recipient brush against women deliberately on the crowded pavement at "
            "{place}, touching one woman on her lower back as she passed.",
            "The recipient grabbed the hand of a woman at {place} and would not let go while he "
            "asked her to come with him. She pulled free and came to me.",
            "At {place} the recipient touched a woman's hair and commented on it. When she "
            "objected he did it again and made remarks about her ethnicity.",
        ),
    ),
    "whistling_catcalling": (
        ("misogyny",),
        (
            "From a group outside {place} the recipient wolf-whistled and shouted at women walking "
            "past, including a girl of about fifteen. He carried on after being asked to stop.",
            "At {place} the recipient whistled and made kissing noises at every woman passing for "
            "about ten minutes while I watched from across the road.",
            "The recipient catcalled a woman cycling past {place}, shouting comments about her "
            "body and whistling loudly. She looked back at him, shaken.",
            "Working on scaffolding above {place}, the recipient whistled and called out to women "
            "below. Two of them complained to me separately.",
        ),
    ),
    "other": (
        ("antisemitic", "islamophobic", "disability", "alternative_subculture", "religion"),
        (
            "At {place} the recipient shouted antisemitic abuse at a man wearing a kippah and "
            "blocked his way on the pavement. The man was distressed and shaking.",
            "The recipient pulled at the headscarf of a woman at {place} and made Islamophobic "
            "comments. Members of the public moved between them before I arrived.",
            "At {place} the recipient mocked a man with a visible disability, imitating his walk "
            "and following him a short distance while laughing with friends.",
            "The recipient harassed a young woman dressed as a goth at {place}, shouting about her "
            "appearance and throwing a drink can towards her feet.",
            "At {place} the recipient shouted abuse about a man's religion, pointing at his "
            "turban and calling out to others to look at him.",
        ),
    ),
}

REFUSED_DESCRIPTIONS = (
    "White man, about 30, 5ft 10, shaved head, grey tracksuit, walked off towards the station",
    "Black man, early twenties, slim, black puffer jacket, white trainers, left on a bicycle",
    "Man in his forties, heavy build, dark beard, hi-vis jacket with a building firm logo",
    "Man about 25, Mediterranean appearance, curly hair, blue football shirt, ran into the park",
    "Woman about 35, blonde ponytail, pink coat, with two other women, refused and walked away",
)

OVERRIDE_REASONS = (
    "Repeated behaviour seen by two officers; parent informed by phone and agreed.",
    "Recipient is 17, understood the notice, and was warned last month for the same thing.",
    "Appears vulnerable but understood fully; support service details given with the notice.",
)

REPRESENTATIONS = (
    "Letter says he was talking to a friend, not to the woman concerned.",
    "Email says she did not understand she was being recorded and was not there.",
    "Solicitor's letter disputes the identification of the recipient.",
    "Recipient says the comments were a joke between friends.",
)
ACCEPTED = (
    "Body-worn video does not clearly show the recipient; benefit of the doubt.",
    "Recipient was misidentified: another person of the same name.",
)
REJECTED = (
    "Body-worn video clearly shows the behaviour described.",
    "Two independent witnesses confirm the officer's account.",
)
CANCEL_REASONS = (
    "Issued to the wrong person: identity confirmed later by police.",
    "Officer recorded the wrong date of offence; notice reissued.",
    "Duplicate of a notice issued to the same person for the same incident.",
)
WRITE_OFF_REASONS = (
    "Recipient has left the country; no address for service.",
    "Address given was false and the recipient cannot be traced.",
)
WITHDRAWN_REASONS = (
    "Key witness no longer willing to attend court.",
    "Prosecution not in the public interest after review.",
)
