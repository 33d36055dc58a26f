"""What synthetic transcripts are made of: sentences from the seeds, names, outlets, occasions.

Body text is the seeds' own sentences (``source_texts/``), each one varied on the way out: content
words are swapped for other words of the seeds with the same ending (``-tion`` for ``-tion``,
``-ly`` for ``-ly``), capitalised names for other names, numbers for other numbers. Function
words and sentence shape stay, so a page reads like a transcript, while two files share no more
five-word runs than two real interviews of one speaker do (formulas, not passages).

Russian transcripts are few in the archive and the seeds have no Russian text: their sentences
come from the small grammar at the end of this module, with the same aim.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "source_texts"

# --- the seeds' sentences ---------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?:\*\*)?(?P<label>Question|Sergey Lavrov|S\.V\. Lavrov)(?:\*\*)?:(?:\*\*)?\s*(?P<rest>.*)$"
)
_SENTENCE_END = re.compile(r"(?<=[.?!…])[”’\"»)]*\s+(?=[“\"«(]?[A-Z])")
_NO_BREAK = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Dr|St|No|etc|U\.S)\.)[”’\"»)]*$")
_LABEL_SHAPE = re.compile(r"^[^\W\d_][\w .’'‘-]{0,60}?\s*(?:\([^()]*\))?\s*:(?!\S)")
_SKIP_CHARS = re.compile(
    r"[\[\]*#•|<>{}_~`@\\]|https?:|\u00a0|[\U0001F000-\U0001FFFF\u2600-\u27BF]"
)
# Phrases that the pipeline's boilerplate rules read as structure at the end of a segment.
_FRAMING = re.compile(
    r"read in full|full text|read the full|key points|key takeaways|main points|highlights|"
    r"check also|read also|see also|additional materials|minutes? read|\bshare\b",
    re.IGNORECASE,
)


def words_of(text: str, sep: str | None = None) -> list[str]:
    """The items of a word list written over several lines (``sep`` between them)."""
    if sep is None:
        return text.split()
    return [" ".join(item.split()) for item in text.split(sep)]


_TOKEN = re.compile(r"[^\W\d_][\w’'-]*|\d+|\s+|.", re.DOTALL)

_STOP = frozenset(
    words_of(
        """about above after again against already also although always among another anyone
    anything around because been before being below between both cannot could does doing down
    during each either else enough even ever every everyone everything from further have having
    here however into itself just least less like many more most much must myself neither never
    nobody none nothing often once only other others ours ourselves over perhaps quite rather
    same should since some something still such than that their them themselves then there
    therefore these they this those though through thus today together under unless until upon
    very were what whatever when where whether which while whom whose will with within without
    would your yours said says well things thing nothing someone somebody anybody everybody
    morning evening early likely really simply already itself yesterday tomorrow"""
    )
)
_SUFFIXES = (
    "ities", "ments", "tions", "sions", "ness", "ment", "tion", "sion", "ance", "ence", "isms",
    "ism", "ists", "ist", "ally", "ly", "ised", "ized", "ated", "ed", "ing", "ible", "able",
    "ful", "ous", "ive", "ical", "ic", "al", "ise", "ize", "ate", "ers", "er", "ies",
)  # fmt: skip
_KEEP_CAPITALISED = frozenset({"I", "I’m", "I’d", "I’ve", "I’ll", "Mr", "Ms", "Mrs", "OK"})

# Names a sentence's capitalised words may turn into, besides the seeds' own: countries,
# organisations and people that real transcripts of this speaker name often.
EXTRA_NAMES = words_of(
    """Russia Russia China India Brazil Turkey Iran Egypt Serbia Belarus Kazakhstan
Armenia Azerbaijan Syria Iraq Japan Germany France Italy Hungary Vietnam Indonesia Argentina
Mexico Cuba Venezuela Nicaragua Mongolia Pakistan Qatar Algeria Ethiopia Israel Palestine Libya
Sudan Mali Moldova Georgia Abkhazia Ossetia Tajikistan Kyrgyzstan Uzbekistan Turkmenistan Norway
Finland Poland Lithuania Latvia Estonia Romania Bulgaria Greece Cyprus Austria Switzerland
Britain Canada Australia Korea Laos Cambodia Myanmar Thailand Malaysia Singapore Africa Asia
Europe Eurasia Arctic Baltic Balkans Caucasus Crimea Donbas Kosovo Afghanistan Ukraine Beijing
Washington Brussels Geneva Vienna Paris Berlin London Tehran Ankara Minsk Astana Baku Yerevan
NATO EU UN OSCE CSTO SCO BRICS EAEU CIS ASEAN G20 UNESCO IAEA WTO OPEC APEC Kremlin Pentagon
Putin Primakov Gorchakov Medvedev Shoigu Zakharova Ryabkov Nebenzya Wang Jaishankar Fidan
Guterres Blinken Rubio Kerry Macron Scholz Merkel Erdogan Lukashenko Tokayev Pashinyan Aliyev
Zelensky Biden Trump Obama Stoltenberg Borrell Kallas Orban Modi Lula Xi"""
)


@dataclass(frozen=True)
class Sentence:
    """A seed sentence as tokens, each with the class of words it may be swapped with."""

    tokens: tuple[str, ...]
    classes: tuple[str | None, ...]
    """Per token: a word class (``-tion``, ``Cap``, ``ACR``, ``#``) or None (kept as is)."""


@dataclass(frozen=True)
class Bank:
    """Every seed sentence, by use, and the word classes for varying them."""

    answers: tuple[Sentence, ...]
    questions: tuple[Sentence, ...]
    short: tuple[Sentence, ...]
    """Answers of at most six words ("Football it is."), for quick replies."""
    words: dict[str, tuple[str, ...]]
    """Word class -> the seeds' words of that class, sorted (so the choice is reproducible)."""
    function: dict[str, tuple[str, ...]]
    """Function-word group -> its words, in :data:`FUNCTION_GROUPS` order."""


# Function words swap within their group ("the" for "our", "would" for "could"): the sentence
# keeps its grammar while its word runs stop matching the seed's.
FUNCTION_GROUPS = (
    ("the", "this", "that", "our", "their", "its"),
    ("these", "those", "such", "all", "many"),
    ("in", "on", "at", "with", "for", "from", "by", "within", "across", "over"),
    ("we", "they"),
    ("is", "was", "remains", "seems"),
    ("are", "were", "remain", "seem"),
    ("would", "could", "should", "must", "can", "will", "may", "might"),
    ("and", "but", "and", "or"),
    ("very", "quite", "rather", "extremely", "truly", "fairly"),
    ("always", "often", "never", "sometimes", "usually", "rarely"),
    ("not", "not", "never"),
    ("also", "still", "even", "already", "now"),
)
_FUNCTION = {w: f"={n}" for n, group in enumerate(FUNCTION_GROUPS) for w in group}


def _word_class(word: str, first: bool) -> str | None:
    if word in _FUNCTION:
        return _FUNCTION[word]
    if word[0].isupper():
        if first or word in _KEEP_CAPITALISED or "’" in word or "'" in word:
            return None
        if word.isupper() and len(word) <= 6:
            return "ACR"
        return "Cap" if len(word) >= 3 else None
    low = word.lower()
    if low in _STOP or len(low) < 4 or "’" in low or "'" in low or not low.isalpha():
        return None
    if len(low) == 4:
        return "-four"
    for suffix in _SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return "-" + suffix
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) >= 6:
        return "-s"
    return "-other" if len(low) >= 6 else None


def _classify(text: str) -> Sentence:
    tokens = tuple(_TOKEN.findall(text))
    classes: list[str | None] = []
    seen_word = False
    for n, tok in enumerate(tokens):
        if tok.isdigit():
            classes.append("#")
        elif tok[0].isalpha():
            # A name after initials ("V.V. Putin") keeps its surname.
            initials = n >= 3 and tokens[n - 2] == "." and len(tokens[n - 3]) == 1
            cls = _word_class(tok, first=not seen_word)
            classes.append(None if initials and cls == "Cap" else cls)
            seen_word = True
        else:
            classes.append(None)
    return Sentence(tokens, tuple(classes))


def _usable(sentence: str) -> bool:
    return (
        15 <= len(sentence) <= 420
        and (sentence[0].isupper() or sentence.startswith(("“", '"')))
        and sentence.rstrip('”’")').endswith((".", "?", "!", "…"))
        and not _SKIP_CHARS.search(sentence)
        and not _FRAMING.search(sentence)
        and not _LABEL_SHAPE.match(sentence)
        and not sentence.startswith(("-", "–", "—", "+"))
        and sentence.count("“") == sentence.count("”")
        and sentence.count("«") == sentence.count("»")
        and sentence.count('"') % 2 == 0
        and sentence.count("(") == sentence.count(")")
    )


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (initials and a few abbreviations do not end one)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _NO_BREAK.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _seed_paragraphs(folder: Path) -> list[tuple[str, str]]:
    """(role, text) of every body paragraph of the full transcripts among the seeds."""
    found: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"read in full|key points", text, re.IGNORECASE):
            continue  # a post quoting another seed: its sentences are that seed's
        role = "answer"
        for raw in text.splitlines():
            line = " ".join(raw.replace("\u00a0", " ").split())
            line = re.sub(r" +(?=[.,;:!?)](?: |$))", "", line)  # a removed link's leftover
            if re.match(r"(?:check also|additional materials)$", line, re.IGNORECASE):
                break
            m = _LABEL.match(line)
            if m:
                role = "question" if m["label"] == "Question" else "answer"
                line = m["rest"]
            if len(line) >= 25 and not line.startswith(("#", "[")):
                found.append((role, line))
    return found


@cache
def load_bank(folder: Path = SEEDS) -> Bank:
    """The sentence bank of the seeds in ``folder`` (``source_texts/``)."""
    answers: dict[str, None] = {}
    questions: dict[str, None] = {}
    for role, para in _seed_paragraphs(folder):
        for s in split_sentences(para):
            if not _usable(s):
                continue
            if role == "question" or (s.endswith("?") and len(s) < 200):
                questions[s] = None
            if role == "answer":
                answers[s] = None
    ans = tuple(_classify(s) for s in answers)
    qs = tuple(_classify(s) for s in questions if s.endswith("?"))
    pools: dict[str, set[str]] = {}
    for sent in ans + qs:
        for tok, cls in zip(sent.tokens, sent.classes, strict=True):
            if cls and cls != "#" and not cls.startswith("="):
                pools.setdefault(cls, set()).add(tok if cls in ("Cap", "ACR") else tok.lower())
    for name in EXTRA_NAMES:
        pools.setdefault("ACR" if name.isupper() else "Cap", set()).add(name)
    short = tuple(s for s in ans if sum(1 for c in s.tokens if c[0].isalpha()) <= 6)
    words = {k: tuple(sorted(v)) for k, v in pools.items() if not k.startswith("=")}
    function = {f"={n}": group for n, group in enumerate(FUNCTION_GROUPS)}
    return Bank(ans, qs, short, words, function)


# --- varying a sentence -------------------------------------------------------------------------

SWAP_WORD = 0.7
"""Chance that a content word is swapped for another of its class."""
SWAP_FUNCTION = 0.3
"""Chance that a function word is swapped within its group."""
SWAP_NAME = 0.35
"""Chance that a capitalised name is swapped for another name."""


def _number(rng: random.Random, digits: str) -> str:
    value = int(digits)
    if len(digits) == 4 and 1900 <= value <= 2030:
        return str(rng.randint(1991, 2025))
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))


def vary(rng: random.Random, bank: Bank, sentence: Sentence) -> str:
    """The sentence with some of its content words, names and numbers swapped."""
    out: list[str] = []
    for tok, cls in zip(sentence.tokens, sentence.classes, strict=True):
        if cls is None:
            out.append(tok)
        elif cls == "#":
            out.append(_number(rng, tok))
        elif cls in ("Cap", "ACR"):
            out.append(rng.choice(bank.words[cls]) if rng.random() < SWAP_NAME else tok)
        elif cls[0] == "=":
            out.append(rng.choice(bank.function[cls]) if rng.random() < SWAP_FUNCTION else tok)
        elif rng.random() < SWAP_WORD:
            new = rng.choice(bank.words[cls])
            out.append(new.upper() if tok.isupper() else new)
        else:
            out.append(tok)
    return "".join(out)


# --- metadata --------------------------------------------------------------------------------

# (as written in a title, weight). Most are in build_tools/rules/outlets.yaml; the ones with a
# media word ("newspaper") are not, and are read from the title's shape.
OUTLETS: tuple[tuple[str, int], ...] = (
    ("Rossiya 24", 6), ("Rossiya 1", 4), ("Channel One", 4), ("NTV", 3), ("RT", 5),
    ("TASS news agency", 5), ("RIA Novosti", 5), ("Rossiya Segodnya International Information "
    "Agency", 2), ("Sputnik", 3), ("Interfax", 3), ("Kommersant newspaper", 4),
    ("Rossiyskaya Gazeta", 4), ("Komsomolskaya Pravda", 3), ("Argumenty i Fakty", 3),
    ("Moskovsky Komsomolets", 2), ("Zvezda TV channel", 2), ("Sputnik Radio", 2),
    ("Ekho Moskvy", 2), ("BBC", 2), ("CNN", 1), ("Al Jazeera", 2), ("Al Arabiya", 2),
    ("Xinhua", 2), ("CGTN", 2), ("People’s Daily", 1), ("Financial Times", 1), ("Euronews", 1),
    ("Bloomberg", 1), ("The Hindu", 1), ("Anadolu Agency", 2), ("Belta", 2),
    ("Russia in Global Affairs", 1), ("International Affairs journal", 2), ("Izvestia", 4),
    ("Krasnaya Zvezda Media Holding Company", 2), ("Izvestia International Research Center", 1),
    ("Politika newspaper", 1), ("Le Figaro newspaper", 1), ("Mainichi Shimbun newspaper", 1),
    ("Granma newspaper", 1), ("Al Ahram newspaper", 1), ("Prensa Latina news agency", 1),
    ("Kyodo news agency", 1), ("NHK TV channel", 1), ("Mir TV channel", 1),
    ("Vecherniye Vesti newspaper", 1), ("Kazinform news agency", 1), ("Armenpress news agency", 1),
    ("Trend news agency", 1), ("Hurriyet newspaper", 1), ("Clarin newspaper", 1),
    ("Folha de S.Paulo newspaper", 1), ("Dawn newspaper", 1), ("Jornal de Angola newspaper", 1),
)  # fmt: skip

# (English name, weight). All are in build_tools/rules/places.yaml.
PLACES: tuple[tuple[str, int], ...] = (
    ("Moscow", 40), ("St Petersburg", 5), ("Sochi", 3), ("Kazan", 2), ("Vladivostok", 2),
    ("Kaliningrad", 1), ("Nizhny Novgorod", 1), ("Yekaterinburg", 1), ("Novosibirsk", 1),
    ("Minsk", 3), ("Astana", 2), ("Almaty", 1), ("Tashkent", 2), ("Bishkek", 1), ("Dushanbe", 1),
    ("Baku", 2), ("Yerevan", 2), ("Ankara", 2), ("Istanbul", 1), ("Antalya", 2), ("Tehran", 1),
    ("Riyadh", 1), ("Abu Dhabi", 1), ("Doha", 1), ("Cairo", 1), ("Damascus", 1), ("Beijing", 3),
    ("Shanghai", 1), ("New Delhi", 2), ("Tokyo", 1), ("Seoul", 1), ("Hanoi", 1), ("Jakarta", 1),
    ("Vientiane", 1), ("Singapore", 1), ("New York", 4), ("Washington", 1), ("Geneva", 2),
    ("Vienna", 1), ("Paris", 1), ("Berlin", 1), ("London", 1), ("Rome", 1), ("Brussels", 1),
)  # fmt: skip

EVENTS = (
    "the {n} Primakov Readings International Expert Forum",
    "a meeting with students and faculty of MGIMO University",
    "the plenary session of the {n} Moscow Conference on International Security",
    "the Territory of Meanings on the Klyazma National Education Youth Forum",
    "the meeting of the Valdai International Discussion Club",
    "the Russia–ASEAN Foreign Ministers’ Meeting",
    "the meeting of the CSTO Council of Foreign Ministers",
    "the OSCE Ministerial Council",
    "the general debate of the {n} session of the UN General Assembly",
    "the Raisina Dialogue international conference",
    "the G20 Foreign Ministers’ Meeting",
    "the meeting of BRICS Ministers of Foreign Affairs",
    "the government hour in the Federation Council",
    "the Gorchakov Public Diplomacy Fund’s youth forum",
    "the Russian Geographical Society’s board of trustees",
    "the Diplomatic Academy’s graduation ceremony",
    "the Antalya Diplomacy Forum",
    "the SCO Council of Foreign Ministers",
    "the Russian International Affairs Council’s annual conference",
    "the Russia – Islamic World: KazanForum",
    "the Eastern Economic Forum",
    "the St Petersburg International Economic Forum",
    "the Russia–Africa Partnership Forum ministerial conference",
    "the opening of the {n} Russian Ambassadors and Permanent Representatives Conference",
    "the Future Forum 2050",
    "the International Scientific and Expert Forum",
)
COUNTERPARTS = (
    "Foreign Minister of Turkey Hakan Fidan", "Minister of Foreign Affairs of China Wang Yi",
    "Minister of External Affairs of India Subrahmanyam Jaishankar",
    "Foreign Minister of Egypt Badr Abdelatty", "Foreign Minister of Serbia Ivica Dacic",
    "Foreign Minister of Belarus Maxim Ryzhenkov", "Foreign Minister of Brazil Mauro Vieira",
    "Foreign Minister of Iran Abbas Araghchi", "Foreign Minister of Hungary Peter Szijjarto",
    "Foreign Minister of Kazakhstan Murat Nurtleu", "Foreign Minister of Armenia Ararat Mirzoyan",
    "Foreign Minister of Azerbaijan Jeyhun Bayramov", "Foreign Minister of Laos Saleumxay "
    "Kommasith", "Foreign Minister of Mongolia Battsetseg Batmunkh", "Foreign Minister of "
    "Indonesia Retno Marsudi", "Foreign Minister of South Africa Naledi Pandor",
    "Foreign Minister of Vietnam Bui Thanh Son", "Foreign Minister of Syria Faisal Mekdad",
    "Foreign Minister of Algeria Ahmed Attaf", "Foreign Minister of Venezuela Yvan Gil",
    "Foreign Minister of Cuba Bruno Rodriguez Parrilla",
    "Foreign Minister of Nicaragua Denis Moncada", "Foreign Minister of Qatar Mohammed bin "
    "Abdulrahman Al Thani", "Secretary General of the League of Arab States Ahmed Aboul Gheit",
)  # fmt: skip
FILMS = (
    "Diplomacy as a Way of Life",
    "The Ministry",
    "Smolenskaya Square",
    "Word and Deed",
    "The Foreign Service",
    "Eighty Years of Victory",
    "Primakov",
    "The Art of Negotiation",
)
PORTAL_TAGS = (
    "Organization for Security and Co-operation in Europe (OSCE)", "Council of Europe (CoE)",
    "European Union (EU)", "United Nations", "BRICS", "Shanghai Cooperation Organisation (SCO)",
    "Collective Security Treaty Organisation (CSTO)", "Commonwealth of Independent States (CIS)",
    "Eurasian Economic Union (EAEU)", "Ukraine", "USA", "China", "India", "Syria", "Afghanistan",
    "Middle East settlement", "Strategic stability and arms control", "Counter-terrorism",
    "International information security", "Compatriots living abroad", "Youth policy",
    "Humanitarian cooperation", "Historical memory", "Arctic Council", "Iran", "Turkey",
)  # fmt: skip
FOREIGN_TEASERS = (
    ("La Résistance irakienne frappe le centre de renseignement du Mossad",
     "La Résistance islamique irakienne a annoncé samedi avoir mené une série d’attaques …"),
    ("Le Hezbollah cible une caserne israélienne près de la frontière",
     "Le Hezbollah a revendiqué dimanche une attaque contre une position de l’armée …"),
    ("Irán advierte a Washington sobre nuevas sanciones",
     "El ministro de Asuntos Exteriores iraní afirmó el lunes que su país responderá …"),
    ("Moskau kritisiert neue EU-Sanktionen scharf",
     "Das russische Außenministerium hat am Dienstag die jüngsten Maßnahmen der EU …"),
    ("A Rússia e o Brasil reforçam a cooperação no BRICS",
     "Os chanceleres dos dois países reuniram-se na quarta-feira para discutir …"),
)  # fmt: skip
MODERATOR = (
    "Next question, please.",
    "Thank you, colleagues.",
    "Let us take one more question.",
    "Please introduce yourself.",
    "We have time for two more questions.",
    "The floor goes to our colleagues from the press pool.",
    "Thank you. Next, please.",
)
RU_MODERATOR = ("Следующий вопрос, пожалуйста.", "Спасибо, коллеги.", "Ещё один вопрос.")
EDITORIAL = (
    "[in {year}]",
    "[with the US]",
    "[as Russian]",
    "[the West]",
    "[of the UN Charter]",
    "[NATO]",
    "[in Ukraine]",
    "[the Americans]",
    "[the Europeans]",
    "[in {year}]",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

# --- Russian ------------------------------------------------------------------------------------

RU_OUTLETS = (
    ("газете", "Известия"), ("газете", "Коммерсант"), ("агентству", "ТАСС"),
    ("агентству", "РИА Новости"), ("телеканалу", "Россия 24"), ("телеканалу", "Россия 1"),
    ("", "Российской газете"), ("газете", "Комсомольская правда"), ("радиостанции", "Спутник"),
    ("еженедельнику", "Аргументы и факты"), ("агентству", "Интерфакс"), ("журналу",
    "Международная жизнь"), ("телеканалу", "Звезда"), ("агентству", "Синьхуа"),
)  # fmt: skip
RU_PLACES = ("Москва", "Москва", "Москва", "Санкт-Петербург", "Сочи", "Минск", "Казань", "Баку")
RU_EVENTS = (
    "встречи со студентами и преподавателями МГИМО",
    "Международного форума «Примаковские чтения»",
    "заседания Совета министров иностранных дел ОДКБ",
    "Всероссийского молодёжного образовательного форума «Территория смыслов»",
    "правительственного часа в Совете Федерации",
)

_RU = {
    "ORG": words_of("НАТО ООН ОБСЕ ЕС ШОС БРИКС СНГ ОДКБ ЕАЭС АСЕАН МАГАТЭ ЮНЕСКО ВТО ОПЕК G20"),
    "GEN": words_of(
        """России Китая Индии Турции Ирана Бразилии Египта Сербии Белоруссии Казахстана Армении
        Азербайджана Сирии Ирака Японии Германии Франции Италии Венгрии Вьетнама Индонезии ЮАР
        Аргентины Мексики Кубы Венесуэлы Никарагуа Монголии Пакистана Катара Алжира Эфиопии Лаоса
        Мьянмы Таджикистана Киргизии Узбекистана Туркмении Молдавии Абхазии Грузии Ливии Судана
        Мали Норвегии Финляндии Польши Литвы Латвии Эстонии Румынии Болгарии Греции Кипра"""
    ),
    "NOM": words_of(
        """Россия Китай Индия Турция Иран Бразилия Египет Сербия Белоруссия Казахстан Армения
        Азербайджан Сирия Ирак Япония Германия Франция Италия Венгрия Вьетнам Индонезия Аргентина
        Мексика Куба Венесуэла Монголия Пакистан Катар Алжир Эфиопия Лаос Таджикистан
        Узбекистан"""
    ),
    "TOPIC": words_of(
        """безопасности энергетики торговли миграции образования здравоохранения транспорта
        инвестиций космоса экологии культуры науки туризма логистики судоходства медицины
        спорта разоружения правосудия информации"""
    ),
    "ADJ": words_of(
        """международной региональной коллективной общей равноправной многосторонней
        двусторонней взаимовыгодной надёжной справедливой устойчивой стратегической
        долгосрочной практической открытой прагматичной новой"""
    ),
    "NOUN": words_of(
        """архитектуры повестки системы политики стратегии инициативы концепции программы
        договорённости платформы структуры модели практики конструкции"""
    ),
    "PERSON": words_of(
        """Президент Путин|Председатель Си Цзиньпин|Премьер-министр Моди|Генсекретарь
        Гутерриш|Президент Лукашенко|Президент Токаев|Президент Эрдоган|Президент Лула|Министр
        Ван И|Министр Джайшанкар|Министр Фидан|Президент Пезешкиан|Президент Мирзиёев|Президент
        Алиев|Председатель Мишустин""",
        "|",
    ),
    "SAID": words_of(
        """заявил подчеркнул отметил напомнил указал признал предложил констатировал сообщил
        пояснил"""
    ),
    "CITY": words_of(
        """в Москве|в Пекине|в Нью-Йорке|в Женеве|в Минске|в Астане|в Сочи|в Казани|в
        Дели|в Анкаре|в Тегеране|в Каире|в Баку|в Ереване|в Ташкенте|в Вене|в Эр-Рияде|в
        Джакарте|в Ханое|в Бразилиа""",
        "|",
    ),
    "ADV": words_of(
        """последовательно активно настойчиво неоднократно открыто твёрдо честно
        внимательно терпеливо системно"""
    ),
}
# A clause is subject, adverb, verb, object and a circumstance, each drawn from a list, so that
# no run of five words is fixed: two Russian files share phrases, not passages.
_RU_CLAUSE = (
    ("SUBJ", "ADV", "VERB", "OBJ", "CIRC"),
    ("CIRC", "SUBJ", "VERB", "OBJ"),
    ("SUBJ", "VERB", "OBJ", "CIRC", "CIRC"),
    ("SUBJ", "ADV", "VERB", "OBJ"),
)
_RU_PARTS = {
    "SUBJ": words_of(
        """мы|наши партнёры из {GEN}|коллеги из {ORG}|западные страны|члены {ORG}|власти {GEN}
        |эксперты из {GEN}|представители {ORG}|лидеры {GEN} и {GEN}|депутаты из {GEN}
        |дипломаты {GEN}|участники встречи {CITY}|руководители {ORG}|наши друзья из {GEN}
        |министры {GEN} и {GEN}|соседи {GEN}""",
        "|",
    ),
    "VERB": words_of(
        """поддерживали обсуждали продвигали блокировали развивали укрепляли игнорировали
        критиковали предлагали рассматривали пересматривали саботировали защищали
        согласовывали откладывали признавали срывали формировали подрывали учитывали"""
    ),
    "OBJ": words_of(
        """вопросы {TOPIC}|проблемы {TOPIC}|принципы {TOPIC}|механизмы {TOPIC}|перспективы {TOPIC}
        |проекты {TOPIC}|программы {TOPIC}|планы {TOPIC}|инициативы {GEN}|интересы {GEN}
        |условия {TOPIC}|нормы {TOPIC}|правила {TOPIC}|основы {TOPIC}|решения {ORG}
        |предложения {GEN}|позиции {GEN} и {GEN}|договорённости {ORG}|резолюции {ORG}""",
        "|",
    ),
    "CIRC": words_of(
        """{CITY}|в {YEAR} году|на площадке {ORG}|в рамках {ORG}|с участием {GEN}
        |без участия {GEN}|по линии {ORG}|после событий {YEAR} года|вопреки позиции {GEN}
        |на переговорах {CITY}|в интересах {GEN}|ещё до {YEAR} года|в ущерб {GEN}
        |с оглядкой на {ORG}|к {NUM} годовщине {ORG}""",
        "|",
    ),
}
_RU_OPENERS = words_of(
    """|||Считаю, что|Хочу подчеркнуть, что|Очевидно, что|Как известно,|Повторю:
    |По нашим оценкам,|К сожалению,|Тем не менее|Откровенно говоря,|Не секрет, что
    |Напомню, что|Как я уже говорил,|Убеждён, что""",
    "|",
)
_RU_JOINS = (", но ", ", а ", ", и ", ", поэтому ", " – и ", ", хотя ", "; при этом ")
_RU_ASKS = words_of(
    """Как вы оцениваете|Чего ждать, если|Почему, на ваш взгляд,|Правда ли, что
    |Не кажется ли вам, что|Что изменится, если|Как Москва ответит, если""",
    "|",
)


def _ru_fill(rng: random.Random, text: str) -> str:
    def fill(m: re.Match[str]) -> str:
        slot = m[1]
        if slot == "YEAR":
            return str(rng.randint(1991, 2025))
        if slot == "NUM":
            return str(rng.randint(2, 80))
        return rng.choice(_RU[slot])

    return re.sub(r"\{(\w+)\}", fill, text)


def _ru_clause(rng: random.Random) -> str:
    parts = [rng.choice(_RU[p] if p == "ADV" else _RU_PARTS[p]) for p in rng.choice(_RU_CLAUSE)]
    return _ru_fill(rng, " ".join(parts))


def russian_sentence(rng: random.Random, question: bool = False) -> str:
    """One Russian sentence from the small grammar above."""
    if question:
        ask = rng.choice(_RU_ASKS)
        if ask == "Как вы оцениваете":
            obj, circ = rng.choice(_RU_PARTS["OBJ"]), rng.choice(_RU_PARTS["CIRC"])
            return _ru_fill(rng, f"{ask} {obj} {circ}?")
        return f"{ask} {_ru_clause(rng)}?"
    opener = rng.choice(_RU_OPENERS)
    text = _ru_clause(rng)
    if rng.random() < 0.5:
        text += rng.choice(_RU_JOINS) + _ru_clause(rng)
    text = f"{opener} {text}" if opener else text
    return text[0].upper() + text[1:] + "."
