"""Generate a library of realistic drug sheets for benchmarks, in the seed's web template.

Why generated: the project has one real sheet, and an audit of one sheet measures
start-up, not throughput. Repeating the seed would not do either: textstat and our own
caches key on the text, so copies would be measured as cache hits. Every sheet here is
distinct (asserted), built from pools of realistic content: medicine names, side
effects, patient-education sentences, numbers and review dates.

Every word of the pools is in the spelling check's dictionaries (en_US, en_med_glut),
so the only spelling findings an audit should report are the typos put in on purpose:
exactly one in every `TYPO_EVERY`-th sheet, taken from `TYPOS`. The output is the same,
byte for byte, for a given count and seed.

    python -m benchmarks.generate FOLDER --count 1000 --seed 0
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: Sheet number i (0-based) gets one typo when i % TYPO_EVERY == TYPO_EVERY - 1.
TYPO_EVERY = 5

#: Common misspellings (none is in the dictionaries) → the word the pools use.
TYPOS: dict[str, str] = {
    "intermittant": "intermittent",
    "recieve": "receive",
    "recieving": "receiving",
    "seperate": "separate",
    "occured": "occurred",
    "neccessary": "necessary",
    "immediatly": "immediately",
    "untill": "until",
    "temprature": "temperature",
    "occasionaly": "occasionally",
    "reccomend": "recommend",
    "begining": "beginning",
}
_TYPO_WORD = re.compile(r"\b(?:" + "|".join(TYPOS) + r")\b")


@dataclass(frozen=True)
class Drug:
    name: str
    brands: tuple[str, ...]
    kind: str


#: Real generic names (and brands) that the dictionaries know, grouped by what they do.
DRUGS: tuple[Drug, ...] = (
    Drug("ondansetron", ("Zofran",), "nausea"),
    Drug("granisetron", ("Kytril",), "nausea"),
    Drug("aprepitant", ("Emend",), "nausea"),
    Drug("metoclopramide", ("Reglan",), "nausea"),
    Drug("methotrexate", ("Trexall",), "chemo"),
    Drug("vincristine", ("Oncovin",), "chemo"),
    Drug("vinblastine", ("Velban",), "chemo"),
    Drug("cyclophosphamide", ("Cytoxan",), "chemo"),
    Drug("doxorubicin", ("Adriamycin",), "chemo"),
    Drug("daunorubicin", ("Cerubidine",), "chemo"),
    Drug("cytarabine", ("Cytosar",), "chemo"),
    Drug("mercaptopurine", ("Purinethol",), "chemo"),
    Drug("thioguanine", ("Tabloid",), "chemo"),
    Drug("etoposide", ("VePesid", "Toposar"), "chemo"),
    Drug("cisplatin", ("Platinol",), "chemo"),
    Drug("carboplatin", ("Paraplatin",), "chemo"),
    Drug("ifosfamide", ("Ifex",), "chemo"),
    Drug("pegaspargase", ("Oncaspar",), "chemo"),
    Drug("dactinomycin", ("Cosmegen",), "chemo"),
    Drug("bleomycin", ("Blenoxane",), "chemo"),
    Drug("busulfan", ("Busulfex", "Myleran"), "chemo"),
    Drug("temozolomide", ("Temodar",), "chemo"),
    Drug("topotecan", ("Hycamtin",), "chemo"),
    Drug("irinotecan", ("Camptosar",), "chemo"),
    Drug("melphalan", ("Alkeran",), "chemo"),
    Drug("nelarabine", ("Arranon",), "chemo"),
    Drug("clofarabine", ("Clolar",), "chemo"),
    Drug("imatinib", ("Gleevec",), "chemo"),
    Drug("rituximab", ("Rituxan",), "immune"),
    Drug("aldesleukin", ("Interleukin-2", "Proleukin"), "immune"),
    Drug("dexamethasone", ("Decadron",), "steroid"),
    Drug("prednisone", ("Deltasone",), "steroid"),
    Drug("hydrocortisone", ("Cortef",), "steroid"),
    Drug("methylprednisolone", ("Medrol",), "steroid"),
    Drug("amoxicillin", ("Amoxil",), "antibiotic"),
    Drug("cephalexin", ("Keflex",), "antibiotic"),
    Drug("ceftriaxone", ("Rocephin",), "antibiotic"),
    Drug("vancomycin", ("Vancocin",), "antibiotic"),
    Drug("clindamycin", ("Cleocin",), "antibiotic"),
    Drug("azithromycin", ("Zithromax",), "antibiotic"),
    Drug("ciprofloxacin", ("Cipro",), "antibiotic"),
    Drug("sulfamethoxazole and trimethoprim", ("Bactrim", "Septra"), "antibiotic"),
    Drug("fluconazole", ("Diflucan",), "antifungal"),
    Drug("nystatin", ("Mycostatin",), "antifungal"),
    Drug("acyclovir", ("Zovirax",), "antiviral"),
    Drug("valacyclovir", ("Valtrex",), "antiviral"),
    Drug("ganciclovir", ("Cytovene",), "antiviral"),
    Drug("tacrolimus", ("Prograf",), "transplant"),
    Drug("cyclosporine", ("Neoral", "Sandimmune"), "transplant"),
    Drug("mycophenolate", ("CellCept",), "transplant"),
    Drug("enoxaparin", ("Lovenox",), "clot"),
    Drug("warfarin", ("Coumadin",), "clot"),
    Drug("levetiracetam", ("Keppra",), "seizure"),
    Drug("phenobarbital", (), "seizure"),
    Drug("omeprazole", ("Prilosec",), "acid"),
    Drug("famotidine", ("Pepcid",), "acid"),
    Drug("filgrastim", ("Neupogen",), "blood"),
    Drug("ferrous sulfate", (), "blood"),
    Drug("hydroxyurea", ("Hydrea", "Droxia"), "blood"),
    Drug("furosemide", ("Lasix",), "water"),
    Drug("octreotide", ("Sandostatin",), "water"),
    Drug("diphenhydramine", ("Benadryl",), "allergy"),
    Drug("cetirizine", ("Zyrtec",), "allergy"),
    Drug("propranolol", ("Inderal",), "heart"),
)

#: "{Name} ..." sentences for "How does this medicine work?", per kind.
WORKS: dict[str, tuple[str, ...]] = {
    "nausea": (
        "{Name} prevents nausea and vomiting caused by chemotherapy or surgery.",
        "{Name} blocks the signals in the body that cause nausea and vomiting.",
    ),
    "chemo": (
        "{Name} stops cancer cells from growing and dividing.",
        "{Name} kills cancer cells by damaging the way they copy themselves.",
        "{Name} is a chemotherapy medicine that slows or stops the growth of cancer cells.",
    ),
    "immune": (
        "{Name} boosts the immune system to destroy cancer cells.",
        "{Name} helps the immune system find and attack cancer cells.",
    ),
    "steroid": (
        "{Name} is a steroid. It reduces swelling and calms the immune system.",
        "{Name} lowers swelling and is also used to treat some kinds of cancer.",
    ),
    "antibiotic": (
        "{Name} is an antibiotic. It kills the bacteria that cause infections.",
        "{Name} stops the growth of bacteria. It does not work on colds or flu.",
    ),
    "antifungal": (
        "{Name} treats and prevents infections caused by yeast or fungus.",
        "{Name} stops the growth of fungus in the mouth, skin or blood.",
    ),
    "antiviral": (
        "{Name} slows the growth of viruses such as the ones that cause cold sores and shingles.",
        "{Name} helps the body fight infections caused by a virus.",
    ),
    "transplant": (
        "{Name} lowers the activity of the immune system so the body does not reject a transplant.",
        "{Name} keeps the immune system from attacking a new organ or new bone marrow.",
    ),
    "clot": (
        "{Name} helps keep blood clots from forming or getting bigger.",
        "{Name} thins the blood so that clots are less likely to form.",
    ),
    "seizure": (
        "{Name} helps prevent seizures by calming the signals in the brain.",
        "{Name} is used to control seizures.",
    ),
    "acid": (
        "{Name} lowers the amount of acid the stomach makes.",
        "{Name} treats heartburn and helps stomach ulcers heal.",
    ),
    "blood": (
        "{Name} helps the body make new blood cells.",
        "{Name} raises the number of healthy blood cells in the body.",
    ),
    "water": (
        "{Name} helps the body get rid of extra water and salt.",
        "{Name} controls the amount of fluid the body makes and keeps.",
    ),
    "allergy": (
        "{Name} is an antihistamine. It calms itching, sneezing and hives.",
        "{Name} treats and prevents allergic reactions.",
    ),
    "heart": (
        "{Name} slows the heart rate and lowers blood pressure.",
        "{Name} helps the heart beat more slowly and steadily.",
    ),
}

ROUTES: tuple[str, ...] = (
    "by mouth as a tablet or a liquid",
    "by mouth as a capsule",
    "as a shot under the skin",
    "as a shot into a muscle",
    "into the spinal fluid",
)
IV_ROUTE = "into the vein (IV), by a continuous or an intermittent infusion"

#: Numbered sentences for "How is it given?": {h} hours, {m} minutes, {mg} doses.
GIVEN: tuple[str, ...] = (
    "The infusion takes about {m} minutes.",
    "It is usually given every {h} hours.",
    "Your child's dose is {mg} mg, based on height and weight.",
    "Give each dose at about the same time every day.",
    "Give it {m} minutes before a meal or {h} hours after eating.",
    "Measure each dose with an oral syringe or a dosing cup, not a kitchen spoon.",
    "Shake the liquid well before measuring each dose.",
    "The nurse will check your child's blood pressure every {m} minutes during the infusion.",
    "Your child may need {k} doses over {d} days.",
    "Do not crush or chew the tablets.",
)
STORAGE: tuple[str, ...] = (
    "If treatments are given at home, store the medicine in the refrigerator. Do not freeze "
    "it. It keeps for {h} hours. If it is older than {h} hours, throw it away.",
    "Store the medicine at room temperature, away from heat and light. Do not keep it in "
    "the bathroom.",
    "Keep the liquid in the refrigerator. Throw away any medicine left after {d} days.",
)
WARM = (
    "Take the medicine out of the refrigerator {m} minutes before the treatment, and let it "
    "warm to room temperature in a clean, dry place."
)

#: "if you are taking {class} or medicines for {conditions}" (as on the seed).
MEDICINE_CLASSES: tuple[str, ...] = (
    "antibiotics",
    "blood thinners",
    "steroids",
    "antacids",
    "vitamins or herbal products",
)
CONDITIONS: tuple[str, ...] = (
    "pain",
    "high blood pressure",
    "nausea",
    "anxiety",
    "seizures",
    "heartburn",
    "allergies",
    "depression",
    "asthma",
)
PRECAUTIONS: tuple[str, ...] = (
    "Check with your doctor, nurse practitioner, or pharmacist before giving any other "
    "prescription or non-prescription medicines. This includes vaccines.",
    "Do not give grapefruit or grapefruit juice while your child is taking this medicine.",
    "This medicine may be given with or without food.",
    "Give this medicine on an empty stomach, one hour before or two hours after a meal.",
    "Your child should not get live vaccines while taking this medicine.",
    "Do not give aspirin or ibuprofen unless your doctor says it is okay.",
    "Keep this medicine separate from other medicines in the pill box.",
)
MISSED: tuple[str, ...] = (
    "Please call the clinic. Never give a double dose.",
    "Give the missed dose as soon as you remember. If it is almost time for the next dose, "
    "skip the missed dose. Do not give two doses at once.",
    "Call the clinic for advice. Do not give an extra dose.",
    "If your child vomits within {m} minutes of a dose, call the clinic before giving another one.",
)

#: Side effects: shuffled and sampled into two or three lists, as on the seed.
SIDE_EFFECTS: tuple[str, ...] = (
    "fever, chills",
    "feeling ill (flu like symptoms)",
    "feeling tired",
    "nausea and/or vomiting",
    "diarrhea",
    "constipation",
    "fast heart rate",
    "mouth sores",
    "low blood pressure",
    "high blood pressure",
    "itching, rash",
    "increased liver and kidney function tests",
    "fluid build-up in tissues",
    "confusion",
    "shortness of breath",
    "loss of appetite",
    "decreased platelet and red blood cell production",
    "leakage of fluid in lungs resulting in severe trouble breathing",
    "irregular heartbeat",
    "decreased magnesium and calcium levels in blood",
    "anxiety",
    "dizziness",
    "cough, difficulty breathing",
    "runny nose",
    "inflammation and peeling of skin",
    "difficulty sleeping",
    "infection",
    "pain, abdominal pain",
    "weight gain, fluid build-up",
    "weight loss",
    "decreased white blood cell production",
    "decreased ability to urinate",
    "hair loss",
    "headache",
    "stomach pain or cramps",
    "heartburn",
    "dry mouth",
    "changes in taste",
    "bruising or bleeding easily",
    "nosebleeds",
    "numbness or tingling in hands or feet",
    "jaw pain",
    "muscle aches",
    "joint pain",
    "bone pain",
    "sore throat",
    "hearing changes or ringing in the ears",
    "blurred vision",
    "darkening of the skin or nails",
    "skin that burns easily in the sun",
    "red or pink urine",
    "pain or redness where the needle went in",
    "hiccups",
    "mood changes",
    "trouble paying attention",
    "sleepiness",
    "shaky hands",
    "high blood sugar",
    "increased hunger",
    "acne",
    "slow growth",
    "weak bones",
    "swelling of the face",
    "swelling of the hands or feet",
    "sweating",
    "hot flashes",
    "flushing of the face",
    "dry skin",
    "sores on the lips",
    "bad dreams",
    "low potassium level in blood",
    "high uric acid level in blood",
    "trouble swallowing",
    "jaundice",
    "allergic reactions",
    "loss of consciousness",
    "seizures",
    "kidneys stop working",
    "chest pain",
    "heart attack",
    "bleeding in the brain",
    "a second cancer years later",
    "abnormal blood clotting ability",
    "periodically stopping breathing",
)

CALL_DOCTOR: tuple[str, ...] = (
    "fast or irregular heartbeat",
    "fast weight gain, fluid build-up",
    "chest pain",
    "bloody or black, tarry bowel movement",
    "bloody vomit",
    "confusion, irritability or depressed mood",
    "urinating less than usual",
    "yellowing of skin or eyes",
    "fever of {t} or higher",
    "shaking chills",
    "vomiting that does not stop",
    "diarrhea more than {k} times a day",
    "not drinking or not urinating for {h} hours",
    "bleeding that will not stop",
    "new bruises or tiny red spots on the skin",
    "very bad headache",
    "mouth sores that keep your child from eating or drinking",
    "pain or burning when urinating",
    "severe stomach pain",
    "redness, swelling or pus around the central line",
    "a seizure",
    "very sleepy or hard to wake up",
    "new cough or trouble breathing",
    "swelling in one arm or leg",
)
ALLERGY: tuple[str, ...] = (
    "rash or hives",
    "wheezing",
    "swelling of the lips, tongue or face",
    "itching all over",
)

#: Sentences for "What else do I need to know?"; no placeholders, so `edit` can find them.
ELSE: tuple[str, ...] = (
    "Infections can occur more easily while on this medicine. Stay away from crowds or "
    "people who are ill.",
    "Regular blood tests are needed while receiving this medicine. Keep all of the appointments.",
    "Medicines may be given before the dose to reduce the chance of fever and chills.",
    "This medicine can cause nausea and vomiting. Medicine may be prescribed to prevent this. "
    "Call the clinic if it does not help.",
    "Good mouth care will help prevent mouth sores.",
    "You and your child should know the names of all the medicines he or she is taking. "
    "Share this information with anyone involved in your child's care.",
    "Store all medicines in their original container, out of children's reach.",
    "Wash your hands before and after giving this medicine.",
    "Use a soft toothbrush to protect the gums.",
    "Your child should drink plenty of fluids while taking this medicine.",
    "Protect your child's skin from the sun. Use sunscreen and a hat outside.",
    "Do not stop giving this medicine until the doctor tells you to.",
    "Keep a list of side effects and bring it to each visit.",
    "Your child may feel tired. Plan quiet times to rest during the day.",
    "Hair often grows back after treatment ends.",
    "Tell the dentist that your child is taking this medicine.",
    "Wear gloves when you handle the medicine or your child's body fluids for two days "
    "after each dose.",
    "Flush the toilet twice after your child uses it for two days after each dose.",
    "Your child should not play contact sports while the platelet count is low.",
    "Check your child's temperature if he or she feels warm or looks ill.",
    "Do not take a rectal temperature or give a suppository.",
    "Tell the nurse right away if a reaction has occurred with an earlier dose.",
    "Tell the doctor if your child has had a reaction to this medicine in the past.",
    "Small meals every few hours may be easier to eat than three large meals.",
    "A dietitian can help if your child is losing weight.",
    "Call the clinic immediately if your child has a fever.",
    "Your doctor may recommend a flu shot for everyone in the family.",
    "Wait until your child's blood counts recover before any dental work.",
    "It is not necessary to avoid pets, but wash hands after touching them.",
    "Side effects occasionally begin weeks after the last dose.",
    "Some side effects are worse at the beginning of treatment and then get better.",
    "Your child will receive fluids through the vein to protect the kidneys.",
    "Keep a separate calendar of doses and blood tests.",
    "Do not share this medicine with anyone else.",
    "Bring all of your child's medicines to each clinic visit.",
    "Ask the pharmacist how to throw away unused medicine safely.",
    "Your child's school should know about this treatment.",
    "The care team can help you explain the treatment to your child.",
    "Write down your questions and bring them to the next visit.",
    "Your child may need an eye exam before starting this medicine.",
    "Your child's hearing will be checked during treatment.",
    "Heart tests may be done before and during treatment.",
    "Urine tests are done to check the kidneys.",
    "Girls and boys may have trouble having children later in life.",
    "Talk to the care team about ways to help with worry and fear.",
    "This medicine may make it harder for wounds to heal.",
    "Your child may bruise easily. Use a soft washcloth and an electric razor.",
    "Give stool softeners if the doctor says to, to prevent constipation.",
    "Wear a medical alert bracelet that names this medicine.",
    "Call the clinic before giving any fever medicine.",
    "Keep your child away from anyone who has chickenpox or shingles.",
    "Avoid people who have recently had a live vaccine.",
    "Your child should not get a tattoo or piercing during treatment.",
    "Let the care team know if your child is in pain.",
    "Keep the central line dressing clean and dry.",
    "Your child may go back to school when the doctor says it is okay.",
    "Drink extra water on hot days to stay well hydrated.",
    "Ask about a nutrition shake if your child is not eating well.",
    "Do not use mouthwash that has alcohol in it.",
    "Sleep, good food and gentle exercise help the body heal.",
)
PREGNANCY = (
    "For females of child-bearing age:\n"
    "Do not breastfeed while you are being treated with {name}. Do not get pregnant while "
    "you are taking it. If you are sexually active, use an effective method of birth control."
)
CLINICS: tuple[str, ...] = (
    "oncology",
    "hematology",
    "infectious disease",
    "transplant",
    "neurology",
    "kidney",
    "heart",
    "lung",
    "stomach and liver",
    "primary care",
)

HEADER = "Patient & Family Education Materials\n\nStart over with a New Search\n\n"
PUBLISHER = (
    "Children's Hospitals and Clinics of Minnesota\n"
    "Patient/Family Education\n"
    "2525 Chicago Avenue South\n"
    "Minneapolis, MN 55404\n"
)
FOOTER = (
    "\n\nBack To Top\n\n"
    "This page is not specific to your child, but provides general information on the topic "
    "above. If you have any questions, please call your clinic. For more reading material "
    "about this and other health topics, please call or visit Children's Minnesota Family "
    "Resource Center library, or visit\n\n"
    "\u00a9 2024 Children's Minnesota"
)


def typos_in(text: str) -> list[str]:
    """The intended misspellings in `text`, in order (what the spelling check must find)."""
    return _TYPO_WORD.findall(text)


def expected_typos(count: int) -> int:
    """How many of `count` generated sheets carry a typo (one each)."""
    return count // TYPO_EVERY


def sheet(rng: random.Random, with_typo: bool) -> tuple[str, str]:
    """One sheet's text and a file name stem."""
    drug = rng.choice(DRUGS)
    builder = _Builder(rng, drug)
    text = builder.text()
    if with_typo:
        text = _add_typo(rng, text, builder.title)
    return text, re.sub(r"[^a-z0-9]+", "-", drug.name.lower()).strip("-")


class _Builder:
    """Writes one sheet section by section, in the seed's layout and blank lines."""

    def __init__(self, rng: random.Random, drug: Drug) -> None:
        self.rng = rng
        self.drug = drug
        self.cap = drug.name[0].upper() + drug.name[1:]
        self.numbers: dict[str, object] = {
            "h": rng.choice((6, 8, 12, 24, 48, 72)),
            "m": rng.choice((15, 20, 30, 45, 60, 90)),
            "mg": rng.choice((2.5, 5, 10, 20, 40, 100, 250, 500)),
            "k": rng.choice((3, 4, 5, 6)),
            "d": rng.choice((3, 5, 7, 10, 14, 28)),
            "t": rng.choice(("100.4 F", "101 F", "38 C", "38.5 C")),
            "name": drug.name,
            "Name": self.cap,
        }
        brands = drug.brands[: rng.randint(1, len(drug.brands))] if drug.brands else ()
        self.title = (
            f"{self.cap} ({', '.join(brands)})" if brands and rng.random() < 0.85 else self.cap
        )
        self.out: list[str] = []

    def text(self) -> str:
        self.out = [HEADER]
        self.block(self.title)
        self.how()
        self.given()
        self.precautions()
        self.block("What should I do if a dose is missed?")
        self.block(self.fill(self.rng.choice(MISSED)))
        self.side_effects()
        self.call()
        self.know()
        self.footer()
        return "".join(self.out)

    def fill(self, template: str) -> str:
        return template.format(**self.numbers)

    def block(self, text: str) -> None:
        """A heading or paragraph and the blank line after it."""
        self.out.append(text + "\n\n")

    def how(self) -> None:
        self.block("How does this medicine work?")
        self.block(self.fill(self.rng.choice(WORKS[self.drug.kind])))

    def given(self) -> None:
        rng = self.rng
        self.block("How is it given?")
        routes = [IV_ROUTE, *rng.sample(ROUTES, 2)]
        if rng.random() < 0.5:
            routes[0], routes[1] = routes[1], routes[0]
        given = [f"{self.cap} is given {routes[0]}.", f"It is sometimes given {routes[1]}."]
        given += [self.fill(s) for s in rng.sample(GIVEN, rng.randint(1, 3))]
        self.block(" ".join(given))
        storage = rng.choice(STORAGE)
        self.block(self.fill(storage))
        if "refrigerator" in storage and rng.random() < 0.6:
            self.block(self.fill(WARM))

    def precautions(self) -> None:
        rng = self.rng
        self.block("Are there any precautions about food or other medicines?")
        conditions = rng.sample(CONDITIONS, rng.randint(2, 4))
        listed = ", ".join(conditions[:-1]) + ", or " + conditions[-1]
        self.block(
            "Tell your doctor or nurse practitioner if you are taking "
            f"{rng.choice(MEDICINE_CLASSES)} or medicines for {listed}. "
            f"{self.cap} may change how these medications work."
        )
        for text in rng.sample(PRECAUTIONS, rng.randint(1, 3)):
            self.block(text)

    def side_effects(self) -> None:
        """Two or three lists of four items or more, with no headings (as scraped)."""
        rng = self.rng
        self.block("What are the side effects?")
        effects = rng.sample(SIDE_EFFECTS, rng.randint(18, 40))
        first = rng.randint(4, len(effects) - 8)
        cuts = [first, rng.randint(first + 4, len(effects) - 4)][: rng.randint(1, 2)]
        bounds = zip([0, *cuts], [*cuts, len(effects)], strict=True)
        lists = [
            "".join(f"  \u2022 {item}{' ' * rng.randint(0, 1)}\n" for item in effects[a:b])
            for a, b in bounds
        ]
        self.out.append("\n" + "\n\n".join(lists) + "\n")

    def call(self) -> None:
        rng = self.rng
        self.block("When should I call the doctor?")
        calls = [self.fill(item) for item in rng.sample(CALL_DOCTOR, rng.randint(5, 9))]
        allergy = [*rng.sample(ALLERGY, rng.randint(1, 3)), "trouble breathing (call 911)"]
        self.out.append("".join(f"  \u2022 {item}\n" for item in calls))
        self.out.append("  \u2022 signs of allergic reaction:\n")
        self.out.append("".join(f"    \u2022 {item}\n" for item in allergy) + "\n")

    def know(self) -> None:
        rng = self.rng
        self.block("What else do I need to know?")
        if rng.random() < 0.5:
            self.block(self.fill(PREGNANCY))
        notes = rng.sample(ELSE, rng.randint(4, 9))
        while notes:
            size = rng.randint(1, 2)
            self.block(" ".join(notes[:size]))
            notes = notes[size:]

    def footer(self) -> None:
        rng = self.rng
        self.out.append(
            "\nThis sheet is not specific to your child but provides general information. "
            f"If you have any questions, please call the {rng.choice(CLINICS)} clinic or "
            "pharmacy.\n\n"
        )
        self.out.append(PUBLISHER)
        reviewed = f"{rng.randint(1, 12)}/{rng.randint(2015, 2026)}"
        self.out.append(f"Last reviewed {reviewed} \u00a9Copyright")
        self.out.append(FOOTER)


def _add_typo(rng: random.Random, text: str, title: str) -> str:
    """Misspell one word of the body (after the title, before the publisher block).

    The misspelling is drawn first, then one of its word's places, so every typo in
    `TYPOS` turns up, not mostly the one whose word every sheet has ("intermittent").
    """
    start = text.index(title) + len(title)
    end = text.index(PUBLISHER)
    places = {
        wrong: [match.start() for match in re.finditer(rf"\b{right}\b", text[start:end])]
        for wrong, right in TYPOS.items()
    }
    wrong = rng.choice([wrong for wrong, found in places.items() if found])
    at = start + rng.choice(places[wrong])
    return text[:at] + wrong + text[at + len(TYPOS[wrong]) :]


def generate(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write `count` distinct sheets into `folder` (created if needed); returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths: list[Path] = []
    for index in range(count):
        with_typo = index % TYPO_EVERY == TYPO_EVERY - 1
        for _ in range(100):
            text, stem = sheet(rng, with_typo)
            if text not in seen:
                break
        if text in seen:
            raise RuntimeError(f"could not generate a distinct sheet number {index}")
        seen.add(text)
        path = folder / f"{index:05d}-{stem}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    if len(seen) != count:
        raise RuntimeError("generated sheets are not all distinct")
    return paths


def edit(paths: Sequence[Path], fraction: float, seed: int = 0) -> list[Path]:
    """Change one "What else" sentence in `fraction` of the sheets; returns those changed.

    For incremental and translation-memory benchmarks: a small, realistic edit that
    keeps the sheet spelled correctly and its typo count unchanged.
    """
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(paths)), round(len(paths) * fraction)))
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    changed: list[Path] = []
    for index in chosen:
        path = paths[index]
        text = texts[path]
        present = [s for s in ELSE if s in text]
        absent = [s for s in ELSE if s not in text]
        if not present:
            raise ValueError(f"{path} has no sentence that edit() can change")
        texts[path] = text.replace(rng.choice(present), rng.choice(absent), 1)
        changed.append(path)
    if len(set(texts.values())) != len(texts):
        raise RuntimeError("an edit made two sheets the same")
    for path in changed:
        path.write_bytes(texts[path].encode("utf-8"))
    return changed


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.folder, args.count, args.seed)
    print(f"{len(paths)} sheets in {args.folder} ({expected_typos(len(paths))} with a typo)")


if __name__ == "__main__":
    main()
