"""Reads a parsed report sentence by sentence into Mentions: one per event a sentence describes.

A sentence's triggers are grouped by family: the weapons and killings of one attack make one
violence mention (the most specific weapon decides its type); a protest absorbs the force used
against it; a territory change absorbs the fighting that won it. Triggers that are negated,
hypothetical or background never make a mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..geo.variants import name_key, split_kind_word
from ..models import ActorRef, DateRef, Evidence, FatalityCount, Mention, Report
from ..taxonomy import event_type_of
from .actors import CIVILIAN_TARGETS, ActorFinder, arguments, ref_for, same_side, undergoers
from .dates import find_dates, year_slip
from .fatalities import FatalityReader, explicit_count, most_credible
from .modality import ASSERTED, BACKGROUND, modality, told_as_earlier
from .places import find_toponyms, home_of_people
from .protests import INTERVENTION_WORDS, read_protest, sentence_words
from .references import arrest_in_operation, credit_unnamed_attackers, refers_back, resolve_anaphora
from .trigger_objects import names_place_taken, passive_victims, suspects_only
from .sides import (COMMUNAL_FIGHT, UNNAMED_MOB, armed_crowd_as_group, as_rioters, clash_among_themselves, communal_sides,
                    community_fighters, military_for_capital, off_duty_as_civilian, people_of_community,
                    place_not_side, suspect_as_civilian)
from .sources import build_source_index, sentence_sources
from .tokenview import token_view
from .triggers import Trigger, TriggerLexicon
from .typing import ARMED, CROWD_WORDS, WEAPON_WORDS, between_crowds, sub_event_type, violence_kind

# Families whose triggers a violent event in the same sentence absorbs: the houses burned or
# the people detained during an attack are part of the attack, not separate events.
# Tuples, not sets: the order the absorbed triggers join a group decides whose arguments name
# the actors first, so it must not change with Python's string hashing from run to run.
_ABSORBED_BY_VIOLENCE = ("looting", "arrest", "change", "other")
_ABSORBED_BY_PROTEST = ("violence", "looting", "arrest", "change")
_ABSORBED_BY_TERRITORY = ("violence", "looting", "change")
# Violence words that, with property damage and no harm to people, make property destruction.
_PROPERTY_ATTACK_WORDS = {"attack", "attacked", "attacks", "attacking", "assault", "assaulted", "raid",
                          "raided", "stormed", "storm"}
# Civilian targets (actors.CIVILIAN_TARGETS) that stand for the people living there, not for
# property alone.
_INHABITED = CIVILIAN_TARGETS & {"village", "hamlet", "homestead", "farm"}
# Events dated more than this many days before publication are recalled history.
HISTORY_DAYS = 60
# The words before a place that opens a sentence as its scene: "In X," / "On 4 May 2020, in X,".
_SCENE_OPENING = re.compile(r"^\s*(?:(?:on|around|as reported on|reported on)?[^,]{0,40},\s*)?in\s+(?:the\s+)?$", re.I)
# Prepositions that place their object before the clause's own date.
_EARLIER_PREPS = {"following", "after", "since"}
# "The victim had charges against him for drug trafficking", "both victims were gang members".
_GANG_VICTIM = re.compile(r"\bvictims?\b[^.;]*\b(?:drug[- ]traffick\w*|drug[- ]deal\w*|gangs?|cartels?|"
                          r"criminal (?:group|gang|faction)s?)\b", re.I)
_NON_STATE_ARMED = {2, 3, 4}
_WITCHCRAFT = re.compile(r"\bwitch(?:craft|es|doctors?)?\b|\bsorcer(?:y|er|ers)\b", re.I)
# Verbs of fighting between sides, whose "at a farm" is where, not whom.
_CLASH_WORDS = ("clash", "fight", "battl", "skirmish")
_STRATEGIC_FAMILIES = {"agreement", "other", "change"}
# A date that names a place ("the July 7 neighbourhood", "26 September Street") dates nothing.
_NAMED_AFTER_DATE = re.compile(r"\s+(?:neighbou?rhood|street|st\b|road|square|avenue|district|camp|hospital|"
                               r"school|stadium|bridge|park|market|roundabout)", re.I)
# Protests that a following "police fired tear gas" tells the forces' part in.
_MET_BY_FORCES = {"Peaceful protest", "Protest with intervention", "Violent demonstration"}
_COMMUNITY_WORDS = {"community", "clan", "tribe", "tribesman", "militia", "ethnic"}


@dataclass
class ReportContext:
    """What earlier sentences of the report established, for later ones to lean on."""

    named_armed: list[ActorRef] = field(default_factory=list)  # most recent last
    last_toponyms: list = field(default_factory=list)
    first_toponyms: list = field(default_factory=list)  # of the first sentence naming a place


def _people_attacked(head, refs) -> bool:
    """Whether an attack verb's object is people: an actor reference other than a building, or
    a place people live in ("raiders attacked the village and burned houses" is an attack)."""
    for c in head.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            r = ref_for(c, refs)
            lemma = c.lemma_.lower()
            if r is not None and (lemma not in CIVILIAN_TARGETS or lemma in _INHABITED):
                return True
    return False


class MentionExtractor:
    def __init__(self, triggers: TriggerLexicon, actors: ActorFinder, fatalities: FatalityReader):
        self.triggers = triggers
        # Verbs that make a battle of fighting off an attack ("repelled an attack by the
        # Taliban", triggers.yaml): the attackers, named in their object, are actor1.
        self._repelling = frozenset(lemma for lemma, entries in triggers.governing.items()
                                    if any(kind == "battle" for _, _, kind, _ in entries))
        self.actors = actors
        self.fatalities = fatalities

    def extract(self, doc: Doc, report: Report) -> list[Mention]:
        sources = build_source_index(doc)
        ctx = ReportContext()
        mentions: list[Mention] = []
        for si, sent in enumerate(doc.sents):
            found = []
            for m in self._sentence(si, sent, report, sources, ctx):
                if not refers_back(m, sent, mentions) and not arrest_in_operation(m, sent, mentions + found):
                    found.append(m)
            mentions.extend(found)
            if not found:
                self._apply_stated_figure(sent, mentions)
                self._apply_intervention(sent, mentions)
                self._apply_victim_profile(sent, mentions)
        credit_unnamed_attackers(mentions, ctx.named_armed)
        # "Arsonists set fire to a vehicle. The incident occurred in Thessaloniki.": with no
        # place before it, an event stands where the report first names one.
        for m in mentions:
            if not m.toponyms:
                m.toponyms = list(ctx.first_toponyms)
        # The outlets the text names ("told Asharq Al-Awsat", the dateline) carry every event.
        for m in mentions:
            m.sources += [o for o in sources.outlets if o not in m.sources]
            slip = year_slip(m.date, report.text, report.published) if m.date is not None else None
            if slip is not None:
                m.notes.append(f"'{m.date.text}' opens the report but is a year off its publication: "
                               f"read as {slip.date.isoformat()}")
                m.date = slip
            if self._historical(m, report):
                m.background = True
                m.notes.append(f"'{m.date.text}' is long before the report: a past event cited as background")
        return mentions

    @staticmethod
    def _historical(m: Mention, report: Report) -> bool:
        """An event dated months before publication is history the report recalls, not news."""
        if m.date is None or m.date.date is None or report.published is None:
            return False
        return (report.published - m.date.date).days > HISTORY_DAYS

    # -- one sentence ---------------------------------------------------------------------------
    def _sentence(self, si: int, sent: Span, report: Report, sources, ctx: ReportContext) -> list[Mention]:
        doc = sent.doc
        triggers = self.triggers.find(sent)
        source_names, source_tokens = sentence_sources(sent, sources)
        refs = self.actors.find(sent, exclude=source_tokens)
        refs = resolve_anaphora(refs, ctx.named_armed)
        for r in dict.fromkeys(refs.values()):
            if r.kind == "named" and r.inter in {2, 3, 4}:
                ctx.named_armed.append(r)
        # Names that stand for actors are not places ("Damascus removed", "US airstrikes").
        actor_tokens = {i for i, r in refs.items() if r.kind in {"capital", "named"} or doc[i].pos_ == "PROPN"}
        toponyms = [t for t in find_toponyms(sent, exclude=source_tokens | actor_tokens)
                    if t.start >= sources.dateline_end]
        if toponyms and not ctx.first_toponyms:
            ctx.first_toponyms = toponyms
        if not triggers:
            if toponyms:
                ctx.last_toponyms = toponyms
            return []

        protest_heads = frozenset(t.head(doc).i for t in triggers if t.family == "protest")
        verdicts = {t: modality(t.head(doc), protest_heads, crowd_conduct=t.kind == "riot") for t in triggers}
        live = [t for t in triggers if verdicts[t] == ASSERTED and not self._object_of_disruption(t, triggers, doc)
                # a release, agreement or surrender the report recalls ("who had accepted the
                # reconciliation agreement", "since the deal was signed") is context, not news
                and not (t.family in _STRATEGIC_FAMILIES and told_as_earlier(t.head(doc)))]
        background_anchors = {t.head(doc).i for t in triggers if verdicts[t] == BACKGROUND}
        counts = [c for c in self.fatalities.read(sent) if not self._under(doc[c.anchor], background_anchors)]
        dates = find_dates(sent.text, report.published, offset=sent.start_char)
        # "the second day of protests, after the riots of the previous week": a date inside a
        # background phrase dates that earlier event, not this sentence's.
        background_spans = [(doc[a].left_edge.idx, doc[a].right_edge.idx + len(doc[a].right_edge))
                            for a in background_anchors]
        dates = [d for d in dates if not any(lo <= d.start < hi for lo, hi in background_spans)
                 and not _NAMED_AFTER_DATE.match(doc.text, d.end)]  # "the July 7 neighbourhood"
        if toponyms:
            ctx.last_toponyms = toponyms

        # A "seized"/"captured" with no place taken is not a takeover ("seized four motorbikes"):
        # drop it before grouping, so that it does not swallow the attack it belongs to.
        live = [t for t in live if t.family != "territory" or names_place_taken(t.head(doc))]
        out = []
        # A sentence that names no place happens where the last one that did set the scene
        # ("In X, police raided a house. A shoot-out broke out.").
        places = toponyms or list(ctx.last_toponyms)
        for group in self._group(live, refs, doc):
            m = self._mention(si, sent, group, refs, places, counts, dates, source_names)
            if m is not None:
                out.append(m)
        return out

    @staticmethod
    def _apply_stated_figure(sent: Span, mentions: list[Mention]) -> None:
        """A sentence that only states the toll ("2 fatalities.") gives it to the event before it."""
        stated = explicit_count(sent.text, sent.start_char)
        if stated is None:
            return
        for m in reversed(mentions):
            if m.family in {"violence", "protest", "territory"} and not m.background:
                m.fatalities = stated
                m.evidence.append(Evidence(sent.text, sent.start_char, sent.end_char))
                return

    def _apply_intervention(self, sent: Span, mentions: list[Mention]) -> None:
        """"Residents protested over water cuts. Police intervened and fired teargas.": a sentence
        that tells only how the forces met the protest before it makes that protest one with
        intervention; after a riot, it names the forces the rioters faced."""
        if not mentions or mentions[-1].background or mentions[-1].sub_event_type not in _MET_BY_FORCES:
            return
        words = sentence_words(sent)
        if not words & INTERVENTION_WORDS:
            return
        forces = [r for r in dict.fromkeys(self.actors.find(sent, exclude=set()).values()) if r.inter in {1, 3, 8}]
        if not forces:
            return
        m = mentions[-1]
        if m.sub_event_type == "Peaceful protest":
            m.sub_event_type = "Protest with intervention"
        if m.actor2 is None or m.actor2.inter not in {1, 8}:
            m.actor2 = forces[0]
        m.evidence.append(Evidence(sent.text, sent.start_char, sent.end_char))

    @staticmethod
    def _apply_victim_profile(sent: Span, mentions: list[Mention]) -> None:
        """"A man was shot dead. The victim had charges against him for drug trafficking.": a
        victim the report ties to a gang is a gang's man, so the killing is an armed clash
        between gangs, as ACLED codes it, not an attack on a civilian."""
        if not mentions or not _GANG_VICTIM.search(sent.text):
            return
        m = mentions[-1]
        if m.sub_event_type != "Attack" or m.background or (m.actor2 is not None and m.actor2.inter != 7):
            return
        m.actor2 = ActorRef("gang", "role", "gang", 3)
        m.sub_event_type = "Armed clash"
        m.event_type = event_type_of(m.sub_event_type)
        m.evidence.append(Evidence(sent.text, sent.start_char, sent.end_char))

    @staticmethod
    def _object_of_disruption(t: Trigger, triggers: list[Trigger], doc) -> bool:
        """A weapon that was intercepted or defused did not strike."""
        head = t.head(doc)
        # Up to the verb that acts on it: "seized a cache of improvised explosive devices".
        above = [head.head, head.head.head, head.head.head.head]
        for other in triggers:
            if other.family == "disrupted" and other is not t:
                oh = other.head(doc)
                if any(oh.i == a.i for a in above[:2]) or oh.i == above[2].i and above[0].dep_ == "prep" \
                        or oh.head.i == head.i and oh.dep_ in {"acl", "relcl", "amod", "compound"}:
                    return True
        return False

    @staticmethod
    def _under(tok, anchors: set[int]) -> bool:
        cur, steps = tok, 0
        while steps < 10:
            if cur.i in anchors:
                return True
            if cur.head.i == cur.i:
                return False
            cur, steps = cur.head, steps + 1
        return False

    @staticmethod
    def _group(live: list[Trigger], refs, doc) -> list[list[Trigger]]:
        by_family: dict[str, list[Trigger]] = {}
        for t in live:
            by_family.setdefault(t.family, []).append(t)
        if "protest" in by_family:
            for fam in _ABSORBED_BY_PROTEST:
                by_family["protest"].extend(by_family.pop(fam, []))
        if "territory" in by_family:
            for fam in _ABSORBED_BY_TERRITORY:
                by_family["territory"].extend(by_family.pop(fam, []))
        if "violence" in by_family and "looting" in by_family and \
                all(t.kind == "violence" and t.text.lower() in _PROPERTY_ATTACK_WORDS
                    and not _people_attacked(t.head(doc), refs) for t in by_family["violence"]):
            # "attacked and damaged the building", an arson attack: property, not people
            # (but "attacked villagers and stole cattle" is an attack on people).
            by_family["looting"].extend(by_family.pop("violence"))
        if "violence" in by_family:
            for fam in _ABSORBED_BY_VIOLENCE:
                by_family["violence"].extend(by_family.pop(fam, []))
        if "agreement" in by_family:  # "surrendered to forces": no separate arrest or change
            for fam in ("arrest", "change"):
                by_family["agreement"].extend(by_family.pop(fam, []))
        return list(by_family.values())

    def _mention(self, si, sent: Span, group: list[Trigger], refs, toponyms, counts: list[FatalityCount],
                 dates, source_names) -> Mention | None:
        doc = sent.doc
        kinds = {t.kind for t in group}
        family = group[0].family
        if family == "violence":
            kind = violence_kind(kinds)
        else:
            kind = next(t.kind for t in group if t.family == family)
        primary = next((t for t in group if t.kind == kind), group[0])
        head = primary.head(doc)

        agents, others = arguments(head, refs)
        victims = passive_victims(head) if family == "violence" else None
        victim_ref = ref_for(victims, refs) if victims is not None else None
        if victim_ref is not None and (victim_ref.inter in {2, 3, 4, 7} or victim_ref.key in {"military", "police"}):
            # "3 people killed", "Three people wounded by rustlers", "Three men found killed",
            # "Two police killed while on duty", "Suspected Mungiki members killed": passives
            # the model reads otherwise; those named were harmed, they did not act.
            if victim_ref in agents:
                agents.remove(victim_ref)
            if victim_ref not in others:
                others.insert(0, victim_ref)
        arresters: list[ActorRef] = []
        for t in group:  # other triggers of the group may name the actors ("ambushed and killed 3 agents")
            if t is primary:
                continue
            a2, o2 = arguments(t.head(doc), refs)
            if t.family == "arrest" and family == "violence" and any(
                    g.head(doc).lemma_.lower() in {"die", "succumb", "perish"} for g in group):
                arresters += a2  # "the victim died and police arrested four suspects": the police did not kill
                a2 = []
            agents += [a for a in a2 if a not in agents and a not in others]
            others += [o for o in o2 if o not in others and o not in agents]
        if kind != "battle":  # the dead of a clash are not one of its sides
            for t in group:
                others += [o for o in undergoers(t.head(doc), refs) if o not in others and o not in agents]
        sentence_actors = list(dict.fromkeys(refs.values()))
        actor1 = agents[0] if agents else None
        actor2 = next((o for o in others if not same_side(o, actor1)), None)
        if actor1 is None and actor2 is None and sentence_actors:
            actor1 = sentence_actors[0]
            actor2 = next((r for r in sentence_actors[1:] if not same_side(r, actor1)), None)
        elif actor2 is None and family == "violence":
            # A clash's other side is often named only among the dead ("five fighters and five soldiers").
            actor2 = next((r for r in sentence_actors if not same_side(r, actor1) and r.inter in ARMED), None)
        if actor1 is None and family != "protest":
            # "..., the Observatory reported, arresting 11 people": the armed actor of the sentence acted.
            actor1 = next((r for r in sentence_actors if not same_side(r, actor2) and r.inter in ARMED
                           and r not in arresters), None)
        if kind == "battle" and actor2 is not None and actor2.inter == 7:
            # "Three men were killed when Kikuyu and Maasai groups clashed": the dead are the
            # clash's casualties; its other side is the other armed party the sentence names.
            actor2 = next((r for r in sentence_actors if r.inter in ARMED and r is not actor1
                           and not same_side(r, actor1)), actor2)
            if actor2.inter == 7 and actor2.community and actor1 is not None and actor1.inter == 4:
                # "Samburu and Borana herders clashed": communities fighting are their militias.
                actor2 = ActorRef(actor2.surface, "named", actor2.community, 4,
                                  start=actor2.start, end=actor2.end)
        if kind == "battle" and actor1 is not None and actor1.inter in _NON_STATE_ARMED:
            clash_word = primary.text.lower().startswith(_CLASH_WORDS)
            if clash_word:
                actor2 = place_not_side(actor2, CIVILIAN_TARGETS)
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            actor2 = clash_among_themselves(subject, actor1, actor2, clash_word)
        if kind == "battle" and actor2 is not None and actor2.inter == 4:
            actor1 = community_fighters(actor1)
        if kind == "battle" and COMMUNAL_FIGHT.search(sent.text):
            actor1, actor2 = communal_sides(actor1, actor2, sent.text)
        if kind == "riot" and primary.text.lower().startswith("clash") and agents \
                and agents[0].inter in _NON_STATE_ARMED:
            # "two armed men clashed with police": gunmen, not a crowd, fought the police.
            kind, family = "battle", "violence"
        if kind == "battle" and head.lemma_.lower() in self._repelling and actor2 is not None:
            actor1, actor2 = actor2, actor1  # "forces repelled an attack by the Taliban": the attackers first
        if family == "violence":
            actor1, actor2 = (military_for_capital(a) for a in (actor1, actor2))
            actor2 = off_duty_as_civilian(actor2, doc)
            if kind != "battle" and actor1 is not None and actor1.inter in _NON_STATE_ARMED:
                actor2 = people_of_community(actor2)  # (the forces' raids on a community: clashes)
        if family == "protest":
            return self._protest(si, sent, group, kind, primary, actor2, refs, toponyms, counts,
                                 dates, source_names)
        # Unarmed residents of no named community who beat a suspect: a mob, not its victims.
        armed_words = WEAPON_WORDS & set(token_view(doc).lower[sent.start:sent.end])
        # In the passive only the "by" agent acted: "a thief was beaten up by locals".
        agent_words = [t for c in head.children if c.dep_ == "agent" for t in c.subtree]
        by_agent = {t.idx for t in agent_words}
        # "killed by people believed to be from the Maasai community": a community's men, not a mob.
        of_community = any(t.lemma_.lower() in _COMMUNITY_WORDS for t in agent_words)
        actor1 = armed_crowd_as_group(actor1, doc.text)
        crowd_acted = bool(agents) and actor1 is agents[0] and actor1.surface.split()[-1].lower() in CROWD_WORDS \
            and not actor1.community and not of_community and not armed_words \
            and (not any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children) or actor1.start in by_agent)
        if actor1 is not None and actor2 is not None and actor1.inter == 7 and actor2.inter != 7 \
                and not crowd_acted:
            # The armed side acts on civilians; but residents who beat a suspect acted themselves.
            actor1, actor2 = actor2, actor1
        modifiers = set(kinds)
        if armed_words:
            modifiers.add("armed")
        if kind == "territory" and any(t.text.lower().startswith(("recapt", "retak", "regain", "liberat"))
                                      for t in group):
            modifiers.add("regain")
        sub = sub_event_type(kind, actor1, actor2, modifiers)
        if kind == "seizure" and actor2 is None:
            actor2 = ActorRef("gang", "role", "gang", 3)  # seized drugs are a gang's goods (ACLED)
        if sub == "Arrests" and suspects_only(primary, doc):
            return None  # the arrest of an attack's suspects follows the attack; ACLED does not code it
        crowd_clash = kind == "battle" and sub == "Mob violence" and (any(
            c.dep_ == "nsubj" and c.lower_ in CROWD_WORDS for c in head.children)  # "two groups clashed"
            or between_crowds(head))
        if kind in {"battle", "violence"} and actor2 is not None and actor2.inter == 7 and actor1 is None \
                and not crowd_clash:
            sub = "Attack"
        if sub == "Attack" and _WITCHCRAFT.search(sent.text) and (actor1 is None or actor1.inter in {0, 7}):
            # People attacked over witchcraft by no armed group are lynched by their neighbours:
            # ACLED codes such attacks as mob violence.
            sub = "Mob violence"
            if actor1 is None:
                actor1 = UNNAMED_MOB
        if sub == "Mob violence":
            # A crowd of residents that attacks someone, or fights another, is coded as rioters.
            actor1, actor2 = (as_rioters(a) if a is not None and (a.inter == 7 or (a is actor1 and kind == "battle"))
                              else a for a in (actor1, actor2))
            if kind == "battle" and actor2 is None:
                actor2 = actor1
            elif kind == "battle" and actor1 is None:  # "a clash between two groups ..., injuring two"
                actor1 = actor2
            actor2 = suspect_as_civilian(actor2)
        fatal = self._fatalities(counts, group, doc) if family in {"violence", "territory"} else None
        if kind == "territory" and (not names_place_taken(head) or actor1 is not None and actor1.inter in {5, 6, 7}):
            return None  # "continued to advance" names no place taken; workers occupying a factory take none
        return self._build(si, sent, sub, kind, family, primary, actor1, actor2, toponyms, fatal, dates,
                           source_names, group)

    def _protest(self, si, sent, group, kind, primary, actor2, refs, toponyms, counts, dates,
                 source_names) -> Mention:
        reading = read_protest(sent, group, kind, actor2, refs, counts)
        return self._build(si, sent, reading.sub, kind, "protest", primary, reading.crowd, reading.other, toponyms,
                           reading.fatalities, dates, source_names, group)

    @staticmethod
    def _fatalities(counts: list[FatalityCount], group: list[Trigger], doc) -> FatalityCount | None:
        best = most_credible(counts)
        if best is None and counts:
            return counts[0]  # only a running total: the mention will not count it
        return best

    def _build(self, si, sent, sub, kind, family, primary: Trigger, actor1, actor2, toponyms, fatal, dates,
               source_names, group, published=None) -> Mention:
        doc = sent.doc
        head = primary.head(doc)
        date = self._date_for(head, dates)
        ordered = self._order_places(head, toponyms)
        evidence = [Evidence(sent.text, sent.start_char, sent.end_char)]
        m = Mention(
            sentence_index=si, event_type=event_type_of(sub), sub_event_type=sub, trigger=primary.text,
            trigger_start=doc[primary.start].idx, kind=kind, family=family,
            actor1=actor1, actor2=None if same_side(actor1, actor2) and kind != "battle" else actor2,
            toponyms=ordered, date=date, fatalities=fatal, sources=list(source_names), evidence=evidence,
            confidence=0.5 + 0.1 * bool(actor1) + 0.1 * bool(ordered) + 0.1 * bool(date) + 0.1 * (len(group) > 1),
        )
        if fatal is not None and fatal.is_total:
            m.background = True  # a running total summarises events; it is not a new one
            m.notes.append(f"running total '{fatal.text}' not counted as a new event")
        if fatal is not None and fatal.vague:
            m.notes.append(f"deaths reported without a number ('{fatal.text}'); counted as {fatal.count} by setting")
        return m

    @staticmethod
    def _date_for(head, dates) -> DateRef | None:
        if not dates:
            return None
        # "advanced on Wednesday following clashes with ...": the clashes came before that day,
        # so a date outside the trigger's own phrase bounds it only: week precision.
        if head.dep_ == "pobj" and head.head.lower_ in _EARLIER_PREPS:
            lo = min(t.idx for t in head.subtree)
            hi = max(t.idx + len(t) for t in head.subtree)
            own = [d for d in dates if lo <= d.start < hi]
            if own:
                return own[0].ref
            bound = min(dates, key=lambda d: abs(d.start - head.idx)).ref
            return DateRef(bound.date, max(2, bound.precision), f"before {bound.text}", bound.resolved)
        if len(dates) == 1:
            return dates[0].ref
        # The date nearest the trigger in the text, preferring one that precedes it in its clause.
        pos = head.idx
        best = min(dates, key=lambda d: abs(d.start - pos))
        return best.ref

    @staticmethod
    def _order_places(head, toponyms):
        """Places in the trigger's own phrase first, then the rest of the sentence in order."""
        if not toponyms:
            return []
        sub = head.subtree
        lo = min(t.idx for t in head.subtree)
        hi = max(t.idx + len(t) for t in head.subtree)
        del sub
        inside = [t for t in toponyms if lo <= t.start < hi]
        # "people from the villages of A protested in B": where the actors come from is not where
        # they acted, so places inside the subject come after the trigger's other places.
        subject = [(min(t.idx for t in c.subtree), max(t.idx + len(t) for t in c.subtree))
                   for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        of_subject = [t for t in inside if any(a <= t.start < b for a, b in subject)]
        # Nearest the trigger in the parse first: "protested in A against burials in B cemetery".
        starts = {t.start for t in toponyms}
        depth = {t.idx: _hops(t, head) for t in head.subtree if t.idx in starts}
        inside = sorted((t for t in inside if t not in of_subject),
                        key=lambda t: depth.get(t.start, 99)) + of_subject
        ordered = inside + [t for t in toponyms if t not in inside]
        # "On 4 May, in Tegucigalpa, residents protested against burials in Los Angeles cemetery":
        # a place opening the sentence sets the scene, unless the trigger has its own place
        # right beside it ("protested in B").
        sent = head.sent
        scene = [t for t in toponyms if t.start < head.idx
                 and _SCENE_OPENING.match(token_view(sent.doc).text[sent.start_char:t.start])]
        if scene and not any(depth.get(t.start, 99) <= 2 for t in inside):
            ordered = scene[:1] + [t for t in ordered if t is not scene[0]]
        # "in Maidan Shar city, Wardak": a name written as another's area (and with none of
        # its own) comes after it;
        # "outside Geo office on Murree road in Rawalpindi": a road or building named after a
        # place is not that place, so the names of such things come after the rest.
        text = token_view(sent.doc).text

        def rank(t) -> int:
            key = name_key(split_kind_word(t.name)[0])
            own = [name_key(p) for p in t.admin_hint.split(",") if p.strip()]
            for o in ordered:
                parts = [name_key(p) for p in o.admin_hint.split(",")]
                # "Sehwan Sharif town (Jamshoro, Sindh)": Jamshoro (with Sindh as its own area)
                # is the town's area; "Sanaa (Nihm, Sanaa)" is not Nihm's.
                if o is not t and key in parts and own == parts[parts.index(key) + 1:][:len(own)]:
                    return 2
            return 1 if _NAMES_A_THING.match(text, t.end) or home_of_people(sent.doc, t) else 0
        return sorted(ordered, key=rank)


_NAMES_A_THING = re.compile(r"(?:\s*-\s*[A-Z][\w' ]{0,25}?)?(?:\s+(?:national|state|main|old|new|ring|coastal|"
                            r"international|federal|provincial))?\s+(?:road|highway|motorway|expressway|street|"
                            r"avenue|route|bridge|office|offices|building|hotel|stadium|roundabout|intersection|junction|"
                            r"bypass|stretch|crossing)\b", re.I)


def _hops(tok, head) -> int:
    """Dependency arcs from tok up to head (tok lies in head's subtree)."""
    n = 0
    while tok.i != head.i and n < 50:
        tok, n = tok.head, n + 1
    return n
