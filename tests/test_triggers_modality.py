from whimbrel.extract.modality import ASSERTED, BACKGROUND, IRREALIS, NEGATED, modality
from whimbrel.extract.triggers import load_trigger_lexicon

lex = load_trigger_lexicon()


def kinds(sentence, text):
    return [(t.text, t.kind) for t in lex.find(sentence(text))]


def verdict(sentence, text, word):
    sent = sentence(text)
    triggers = lex.find(sent)
    protest = frozenset(t.head(sent.doc).i for t in triggers if t.family == "protest")
    t = next(t for t in triggers if t.text == word)
    return modality(t.head(sent.doc), protest)


def test_phrases_win_over_their_words(sentence):
    assert ("air strike", "air") in kinds(sentence, "An air strike hit the village.")
    # a grenade launcher is not a grenade attack: ACLED codes launchers fired at positions as shelling
    assert ("grenade launchers", "shelling") in kinds(sentence, "Rebels fired grenade launchers at the post.")


def test_riot_police_are_no_riot(sentence):
    assert kinds(sentence, "Riot police patrolled the market in Kisumu.") == []
    assert kinds(sentence, "Anti-riot police guarded the tallying centre.") == []
    # the crowd's own conduct, in any tense, still is
    assert ("clash with riot police", "riot") in kinds(sentence, "Students clash with riot police in Nairobi.")
    assert ("hurling stones", "riot") in kinds(sentence, "Youths were hurling stones at passing cars.")


def test_storming_an_office_to_press_a_demand_is_a_protest(sentence):
    assert ("stormed", "protest") in kinds(sentence, "Traders stormed the county offices to demand the return of their stalls.")
    assert ("stormed", "battle") in kinds(sentence, "Gunmen stormed the police camp at dawn.")


def test_month_march_is_not_a_protest(sentence):
    assert kinds(sentence, "On 9 March 2020 the talks resumed.") == []


def test_governed_trigger(sentence):
    assert ("removed", "other") in kinds(sentence, "The government removed two officials from their posts.")


def test_negated_and_hypothetical_triggers(sentence):
    assert verdict(sentence, "Rebels did not attack the town.", "attack") == NEGATED
    assert verdict(sentence, "The group threatened to attack the town.", "attack") == IRREALIS
    assert verdict(sentence, "Residents demanded the arrest of the killers.", "arrest") == IRREALIS
    assert verdict(sentence, "Soldiers attacked the town on Monday.", "attacked") == ASSERTED


def test_cause_of_a_protest_is_background(sentence):
    text = "Students protested over the killing of a classmate by police."
    assert verdict(sentence, text, "killing") == BACKGROUND
    assert verdict(sentence, text, "protested") == ASSERTED


def test_what_an_event_may_be_tied_to_is_background(sentence):
    assert verdict(sentence, "The clash could be related to the kidnapping of a businessman.",
                   "kidnapping") == BACKGROUND
    assert verdict(sentence, "The detainee was responsible for the killing of two traders.",
                   "killing") == BACKGROUND
    # ... but deaths "linked to the riots" belong to the riots: they are told as fact.
    assert verdict(sentence, "Two bodies were found, assumed to be linked to the riots.",
                   "riots") == ASSERTED


def test_riots_a_protest_came_after_are_background(sentence):
    text = ("It was the third day of marches, and this event came after the protests and riots "
            "at the port the week before.")
    assert verdict(sentence, text, "riots") == BACKGROUND
    assert verdict(sentence, text, "protests") == BACKGROUND
    # What a protest led to happened: it is no cause of it.
    assert verdict(sentence, "The march led to riots in the market.", "riots") == ASSERTED


def test_drugs_seized_are_a_seizure_not_a_capture(sentence):
    assert ("seized", "seizure") in kinds(sentence, "Police seized two tons of cocaine at the port.")
    assert ("dismantled", "seizure") in kinds(sentence, "Soldiers dismantled a heroin lab near the border.")
    assert ("seized", "territory") in kinds(sentence, "Rebels seized the town of Kidal.")


def test_approximate_amounts_seized_are_read_through_the_misparse(sentence):
    assert ("seized", "seizure") in kinds(sentence, "Soldiers seized about 3 tons of cocaine near the coast.")
    assert ("seized", "seizure") in kinds(sentence, "Police seized a million packs of smuggled cigarettes.")


def test_a_deal_or_release_the_report_recalls_is_context_not_news():
    import whimbrel
    got = whimbrel.extract("On 4 May 2024, gunmen shot dead a former fighter in Inkhil, Daraa. The victim had "
                           "accepted the government's reconciliation agreement.", published="2024-05-06")
    assert [e.sub_event_type for e in got] == ["Attack"]
    got = whimbrel.extract("On 4 May 2024, NATO aircraft struck Taliban positions in Nahri Saraj district, Helmand, "
                           "the first strike since the agreement with the Taliban was signed.", published="2024-05-06")
    assert [e.sub_event_type for e in got] == ["Air/drone strike"]


def test_a_protest_the_parser_hangs_on_the_date_still_happened(sentence):
    # "On 3 June, drivers protested and demanded a moratorium": the small model sometimes hangs
    # "protested" on its subject and the subject on "On 3 June", under "demanded". What the
    # crowd demanded is irrealis; the protest is not. Built by hand, as the parse is not
    # reproducible on demand.
    from spacy.tokens import Doc
    vocab = sentence("x").doc.vocab
    words = ["On", "3", "June", ",", "drivers", "protested", "and", "demanded", "a", "moratorium"]
    doc = Doc(vocab, words=words, heads=[7, 2, 0, 0, 3, 4, 7, 7, 9, 7],
              deps=["prep", "nummod", "pobj", "punct", "prep", "acl", "cc", "ROOT", "det", "dobj"],
              pos=["ADP", "NUM", "PROPN", "PUNCT", "NOUN", "VERB", "CCONJ", "VERB", "DET", "NOUN"],
              tags=["IN", "CD", "NNP", ",", "NNS", "VBN", "CC", "VBD", "DT", "NN"],
              lemmas=["on", "3", "June", ",", "driver", "protest", "and", "demand", "a", "moratorium"],
              ents=["O", "B-DATE", "I-DATE", "O", "O", "O", "O", "O", "O", "O"])
    assert modality(doc[5]) == ASSERTED


def test_to_mine_is_to_dig_a_mine_is_a_weapon(sentence):
    assert kinds(sentence, "The firm began to mine sand from the river bed.") == []
    assert ("mine", "remote") in kinds(sentence, "A mine exploded under a truck.")
