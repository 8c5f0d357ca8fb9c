"""English fake-identity vocabulary (names, streets, cities, facilities, payers) and date formats."""

from __future__ import annotations

import random
import re

from medcorpus.sample_data.fakers import Date


# --------------------------------------------------------------------------------------------------
# English date formats
# --------------------------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def en_date(d: Date, style: str) -> str:
    m, dd, y = d.month, d.day, d.year
    if style == "m/d/yyyy":
        return f"{m}/{dd}/{y}"
    if style == "mm/dd/yyyy":
        return f"{m:02d}/{dd:02d}/{y}"
    if style == "m/d/yy":
        return f"{m}/{dd}/{y % 100:02d}"
    if style == "m-d-yy":
        return f"{m}-{dd}-{y % 100:02d}"
    if style == "mm-dd-yyyy":
        return f"{m:02d}-{dd:02d}-{y}"
    if style == "yyyy-mm-dd":
        return f"{y}-{m:02d}-{dd:02d}"
    if style == "Month d, yyyy":
        return f"{_MONTHS[m - 1]} {dd}, {y}"
    if style == "Mon d, yyyy":
        return f"{_MON[m - 1]} {dd}, {y}"
    if style == "d Month yyyy":
        return f"{dd} {_MONTHS[m - 1]} {y}"
    if style == "dd-Mon-yyyy":
        return f"{dd:02d}-{_MON[m - 1]}-{y}"
    if style == "dd Mon yyyy":
        return f"{dd:02d} {_MON[m - 1].upper()} {y}"
    if style == "m/d":
        return f"{m}/{dd}"
    if style == "mm/dd":
        return f"{m:02d}/{dd:02d}"
    if style == "Month dth":
        return f"{_MONTHS[m - 1]} {ordinal(dd)}"
    if style == "Mon d":
        return f"{_MON[m - 1]} {dd}"
    if style == "Mon yyyy":
        return f"{_MON[m - 1]} {y}"
    if style == "Month yyyy":
        return f"{_MONTHS[m - 1]} {y}"
    if style == "ord":
        return ordinal(dd)
    if style == "yyyymmdd":
        return f"{y}{m:02d}{dd:02d}"
    raise ValueError(style)


EN_FULL_STYLES = ("m/d/yyyy", "mm/dd/yyyy", "m/d/yy", "m-d-yy", "mm-dd-yyyy", "yyyy-mm-dd", "Month d, yyyy",
                   "Mon d, yyyy", "d Month yyyy", "dd-Mon-yyyy", "dd Mon yyyy")
EN_SHORT_STYLES = ("m/d", "mm/dd", "Month dth", "Mon d")
EN_PRIMARY = ("mm/dd/yyyy", "mm/dd/yyyy", "m/d/yyyy", "m/d/yyyy", "m/d/yy", "yyyy-mm-dd", "Month d, yyyy",
               "dd-Mon-yyyy", "m-d-yy", "Mon d, yyyy", "dd Mon yyyy", "d Month yyyy")

# --------------------------------------------------------------------------------------------------
# English fake-identity vocabulary
# --------------------------------------------------------------------------------------------------

EN_MALE = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey
Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Frank
Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Henry Douglas Peter Adam Nathan Zachary Walter Kyle
Harold Carl Arthur Gerald Roger Keith Lawrence Terry Albert Willie Ralph Eugene Wayne Louis Roy Bobby
Russell Vincent Philip Juan Carlos Luis Miguel Alejandro Diego Javier Mateo Rafael Wei Jun Hao Hiroshi
Kenji Takashi Min-jun Ji-ho Sung-min Raj Arjun Vikram Sanjay Rohan Anil Mohammed Ahmed Omar Ali Hassan
Yusuf Ibrahim Kwame Kofi Chukwuemeka Oluwaseun Tunde Emeka Dmitri Sergei Ivan Andrzej Piotr Tomasz
Giuseppe Marco Luca Pierre Jean-Luc Lars Sven Nikolai Mehmet Emre Tariq Amir Reza Darius Thanh Minh
Duc Tuan Bao Kai Joao Santiago Ethan Liam Noah Elijah Malik Jamal DeShawn Tyrone Hamza Declan Ciaran
Eamon Ezekiel Moshe Avi Kalani Keoni Dakota Hector Ignacio Rashid Babajide Sipho Thabo""".split()

EN_FEMALE = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie
Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha
Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce
Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha
Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber
Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori
Guadalupe Sofia Lucia Carmen Rosa Ana Valentina Camila Ximena Mei-Ling Xiuying Yuki Sakura Aiko Haruka
Ji-woo Seo-yeon Min-seo Priya Ananya Deepika Sunita Kavya Lakshmi Fatima Aisha Layla Zainab Mariam Noor
Leila Amara Chioma Ngozi Adaeze Folake Abena Yaa Olga Natasha Svetlana Agnieszka Katarzyna Giulia
Francesca Chiara Amelie Camille Ingrid Astrid Freya Elif Zeynep Shirin Parisa Linh Thuy Hoa Ngoc Imani
Keisha Latoya Shanice Aaliyah Siobhan Niamh Aoife Esperanza Dolores Consuelo Leilani Malia Rivka Tova
Nomvula Wanjiru Esi""".split()

EN_LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker
Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins
Reyes Stewart Morris Morales Rogers Reed Cook Morgan Cooper Peterson Ramos Kim Cox Ward Richardson Watson
Brooks Chavez Wood Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Ross
Foster Jimenez Powell Jenkins Perry Russell Sullivan Barnes Fisher Henderson Coleman Simmons Patterson
Jordan Reynolds Hamilton Graham Wallace Woods Cole Owens Marshall Gibson Ellis Tran Medina Aguilar Stevens
Castro Kowalski Nowak Wisniewski Kaminski Novak Horvath Kovacs Popescu Ivanov Petrov Smirnov Volkov
Kuznetsov Schmidt Schneider Fischer Weber Becker Hoffmann Mueller Rossi Russo Ferrari Esposito Bianchi
Romano Dubois Lefebvre Moreau Fontaine Laurent O'Brien O'Connor McCarthy Gallagher Doherty Byrne Quinn
Chen Wang Zhang Liu Yang Huang Zhao Zhou Xu Sun Zhu Lin Guo Gao Luo Tanaka Suzuki Takahashi Watanabe
Yamamoto Nakamura Kobayashi Sato Ito Park Choi Jung Kang Cho Yoon Jang Lim Shah Sharma Singh Gupta Kumar
Reddy Iyer Nair Desai Mehta Chatterjee Banerjee Rao Khan Hussain Rahman Malik Siddiqui Haddad Nasser
Saleh Khalil Mansour Okafor Okonkwo Adeyemi Oyelaran Mensah Boateng Owusu Abubakar Diallo Ndiaye Mwangi
Otieno Kariuki Tesfaye Haile Bekele Pham Hoang Vu Dang Bui Ngo Yilmaz Kaya Demir Sahin Celik Hosseini
Mohammadi Karimi Rahimi Cohen Levy Friedman Katz Goldberg Rosen Silva Santos Oliveira Souza Pereira
Costa Fernandes Larsen Hansen Nielsen Johansson Lindqvist Virtanen Korhonen Papadopoulos Georgiou
Dimitriou Begay Yazzie Tsosie Kealoha Kahale Van der Berg De la Cruz St. Pierre""".split()
# Multi-word surnames are rebuilt below; the split above breaks them, so drop the fragments.
EN_LAST = [x for x in EN_LAST if x not in ("Van", "der", "Berg", "De", "la", "Cruz", "St.", "Pierre")]
EN_LAST += ["Van der Berg", "De la Cruz", "St. Pierre", "Cruz", "Garcia-Lopez", "Smith-Jones", "Abu-Hamdan"]

STREETS = """Main Oak Maple Cedar Elm Pine Washington Lake Hill Park Walnut Chestnut Spruce Birch Willow Highland
Sunset Franklin Lincoln Jefferson Madison Church Mill River Spring Ridge Meadow Forest Cherry Hawthorne
Magnolia Juniper Orchard Prospect Summit Union Center Broad Market Water Bridge Harbor Beacon Garfield
Kingsley Whitman Ashford Brookside Fairmont Glenwood Lakeview Riverside Sycamore Aspen Dogwood Hickory
Laurel Poplar Sequoia Cypress Evergreen Holloway Pemberton Thornton Wexford Alder Bayberry Cobblestone
Fox Run Heather Ivy Linden Mulberry Quail Redwood Sage Tamarack Valley Wisteria""".split()
STREET_SFX = ("Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Drive", "Dr", "Lane", "Ln",
               "Boulevard", "Blvd", "Court", "Ct", "Place", "Way", "Terrace", "Circle", "Parkway", "Pike")
DIRS = ("N.", "S.", "E.", "W.", "North", "South", "East", "West", "N", "SW", "NE")
_CITY_A = """Oak Maple Cedar Pine Fair Spring River Lake Clear Green Brook Ash Elm Rock Stone Silver Glen West
East North Mill Red White Bel Hazel Wood Marsh Bright Gold Kings Queens Hollis Carver Dun Hart Wes Lin
Ells Bran Chester Ham Brad Stan Wil""".split()
_CITY_B = """field ton ville dale brook wood ford haven port view mont burg ridge side crest bury wick ham
stead borough ley more water""".split()
_CITY_PRE = ("Port", "Mount", "New", "East", "West", "North", "South", "Lake", "Fort", "Glen")
_CITY_POST = ("Falls", "Springs", "Heights", "Junction", "Hills", "Harbor", "Center", "Valley", "City", "Beach")
STATES = """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split()
_SAINTS = ("Mary", "Joseph", "Luke", "Francis", "Vincent", "Elizabeth", "Anne", "Jude", "Catherine",
           "Michael", "Agnes", "Clare", "Anthony", "Patrick", "John", "Raphael", "Bernard", "Rita")
_PLACES = ("Riverside", "Lakeside", "Hillcrest", "Mercy", "Good Samaritan", "Sunrise", "Evergreen", "Pinecrest",
           "Bayview", "Meadowbrook", "Northshore", "Summit", "Harborview", "Willow Creek", "Silver Oaks",
           "Cedar Ridge", "Greenfield", "Valley View", "Brightwater", "Stonebridge", "Oak Hollow", "Fairhaven",
           "Golden Meadows", "Prairie", "Redwood", "Highland Park", "Crescent", "Maplewood", "Sandpiper")
EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
                  "comcast.net", "protonmail.com", "att.net", "verizon.net", "mail.com", "live.com")
PAYERS = ("Blue Cross Blue Shield", "BCBS PPO", "Aetna", "UnitedHealthcare", "Cigna", "Humana Gold Plus",
           "Medicare", "Medicare Part B", "Medicaid", "Tricare", "Kaiser Permanente", "Anthem HMO",
           "Harvard Pilgrim", "Molina Healthcare", "Oscar Health", "Ambetter")
AREA_CODES = tuple(str(x) for x in (
    201, 202, 203, 205, 206, 207, 210, 212, 213, 214, 215, 216, 224, 248, 253, 267, 281, 301, 303, 305,
    312, 313, 314, 315, 317, 323, 336, 347, 402, 404, 407, 408, 410, 412, 414, 415, 425, 443, 469, 480,
    502, 503, 504, 508, 510, 512, 513, 515, 520, 559, 602, 603, 608, 612, 614, 615, 617, 619, 626, 646,
    651, 678, 702, 703, 704, 713, 714, 718, 720, 732, 757, 773, 781, 801, 804, 813, 816, 832, 857, 858,
    860, 901, 904, 908, 913, 916, 919, 925, 941, 952, 971, 978, 503, 907, 808))
CARS = ("Honda Civic", "Toyota Camry", "Ford F-150", "Chevrolet Malibu", "Nissan Altima", "Subaru Outback",
         "Jeep Cherokee", "Hyundai Elantra", "Dodge Caravan", "Toyota Corolla", "Kia Soul", "Ford Focus")
COLORS = ("silver", "black", "white", "blue", "red", "gray", "green", "maroon")
OCCUPATIONS = ("retired machinist", "retired teacher", "bus driver", "accountant", "nurse's aide",
                "construction worker", "retired postal worker", "software engineer", "cashier", "line cook",
                "retired farmer", "truck driver", "homemaker", "electrician", "graduate student",
                "retired Army veteran", "warehouse associate", "hairdresser", "pastor", "landscaper")


MIDDLE_INITIALS = "ABCDEFGHIJKLMNOPRSTVW"
CREDENTIALS = {"att": ("MD", "MD", "DO", "M.D."), "res": ("MD", "MD, PGY-2", "DO, PGY-1", "MD (resident)"),
          "pcp": ("MD", "DO", "NP", "MD", "FNP-C"), "cons": ("MD", "MD, FACC", "MD, PhD", "DO"),
          "surg": ("MD", "MD, FACS", "DO"), "rad": ("MD", "MD", "DO"), "rn": ("RN", "RN, BSN", "LPN"),
          "sw": ("LICSW", "LCSW", "MSW"), "pharm": ("PharmD", "RPh"), "anes": ("MD", "CRNA"),
          "ref": ("MD", "DO", "NP", "PA-C"), "np": ("NP", "ANP-BC", "PA-C"), "ed": ("MD", "DO", "MD, FACEP")}


def city_name(r: random.Random) -> str:
    k = r.random()
    if k < 0.55:
        return r.choice(_CITY_A) + r.choice(_CITY_B)
    if k < 0.75:
        return r.choice(_CITY_PRE) + " " + r.choice(_CITY_A) + r.choice(_CITY_B)
    return r.choice(_CITY_A) + r.choice(_CITY_B) + " " + r.choice(_CITY_POST)


def en_facility(r: random.Random, kind: str = "hospital") -> str:
    city = city_name(r)
    if kind == "hospital":
        return r.choice((
            f"{city} General Hospital", f"{city} Regional Medical Center", f"{city} Community Hospital",
            f"St. {r.choice(_SAINTS)} Hospital", f"Saint {r.choice(_SAINTS)}'s Medical Center",
            f"{r.choice(EN_LAST)} Memorial Hospital", f"{r.choice(_PLACES)} Medical Center",
            f"{r.choice(_PLACES)} Hospital",
            f"{city} VA Medical Center", f"University Hospital of {city}", f"{r.choice(_PLACES)} Health System",
            f"{city} Memorial"))
    if kind == "nh":
        return r.choice((f"{r.choice(_PLACES)} Nursing and Rehabilitation Center", f"{r.choice(_PLACES)} Manor",
                         f"{city} Skilled Nursing Facility", f"The Gardens at {city}",
                         f"{r.choice(_PLACES)} Care Center",
                         f"{r.choice(_PLACES)} Rehabilitation Hospital", f"{city} Assisted Living",
                         f"{r.choice(_PLACES)} Hospice House"))
    if kind == "clinic":
        return r.choice((f"{city} Family Medicine", f"{r.choice(_PLACES)} Primary Care",
                         f"{city} Internal Medicine Associates",
                         f"{r.choice(_PLACES)} Community Health Center", f"{city} Cardiology Group",
                         f"{r.choice(_PLACES)} Medical Group",
                         f"{r.choice(EN_LAST)} Family Practice", f"{city} Urgent Care",
                         f"{r.choice(_PLACES)} Heart Institute",
                         f"{city} Dialysis Center", f"{r.choice(EN_LAST)} Cancer Institute"))
    if kind == "pharm":
        return r.choice((f"{r.choice(_PLACES)} Pharmacy", f"{city} Drug", f"{r.choice(EN_LAST)}'s Pharmacy",
                         f"{city} Apothecary", f"{r.choice(_PLACES)} Community Pharmacy"))
    raise ValueError(kind)


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.lower())
