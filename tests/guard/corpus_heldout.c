/*
 * corpus_heldout.c: the first held-out template set, written before the
 * guard was tuned on corpus_dev.c: other sentences, other names (common UK
 * names, some of which are also ordinary words). Measured once: 90.55% of
 * its name_dob lines flagged; the misses led to two rule changes (a DOB
 * label opening a sentence belongs to the one before; names that are also
 * words, like West, count beside a plain name), so it is seen now and
 * corpus_fresh.c is the unseen one.
 */
#include <stddef.h>

#include "corpus.h"

static const char *const upn_lines[] = {
	"Hi all, quick one - our MIS rejected UPN {UPN}, any ideas?",
	"Pupil moved in from {PLACE}, UPN {UPN}, no CTF yet",
	"the UPN on the consultation letter is {UPN} but ours says different",
	"{UPN} is the one the LA has on their system",
	"Sorry, typo earlier: UPN should be {UPN}.",
	"Attaching the census error list - first one is {UPN}",
	"I've put {UPN} on the SEN register as K",
	"Managed move for {UPN} starts {SOON}",
	"UPN - {UPN}",
	"Is a UPN like {UPN} ok to put in the EHC request or should we redact?",
	"For the FSM check I used UPN {UPN} and it came back fine",
	"Temporary UPN was {UPN}, we have the real one now",
	"The A2A file for {UPN} hasn't arrived from the old school",
	"[{UPN}] needs the SEN flag changing to E",
	NULL
};

static const char *const uln_lines[] = {
	"Our post-16 provider asked for ULN {ULN}",
	"ULN for the Year 11 leaver: {ULN}",
	"{ULN} is showing as not found on the LRS portal",
	"Does anyone know if the college can use the ULN ({ULN}) instead of the UPN?",
	"Learner record {ULN}, access arrangements 25% extra time",
	"the uln is {ULN}",
	"College transition form done for ULN {ULN}, Year {Y}",
	"Exam board wants the ULN {ULN} on the Form 8",
	"ULN: {ULN} / candidate number {N}",
	"Sorry, that ULN was wrong. It's {ULN}",
	NULL
};

static const char *const nhs_lines[] = {
	"Can't get the referral through without the NHS number {NHS}",
	"OT letter came - NHS {NHS}",
	"the hospital number is different from the NHS number ({NHS})",
	"GP surgery gave us {NHS} for the medical section",
	"Epilepsy care plan updated, NHS number {NHS}",
	"Health visitor has NHS no {NHS} on the referral",
	"Appendix K: NHS {NHS}",
	"{NHS} is the NHS number on the paediatric report",
	"NHS#{NHS}",
	"For the audiology appointment on {SOON} they need {NHS}",
	NULL
};

static const char *const name_dob_lines[] = {
	"Admission form: {F} {L}, DOB {DOBW}, previous school {PLACE}",
	"{F} {L} was born {DOBW} and has global developmental delay",
	"Anyone taught {F} {L}? DOB {DOBW}, family moved from {PLACE}",
	"EHCP consultation for {F} {L} ({DOB}) came in today",
	"{L} {F} {DOB} - SEN support - Year {Y}",
	"{F} {L}'s date of birth is {DOBW}",
	"Subject: {F} {L} d.o.b {DOBW}",
	"Hi, does {PLACE} have a file for {F} {L} born {DOBW}?",
	"{F} {L} {DOB} needs a laptop for exams",
	"Forwarding the EP report for {F} {L}, {DOB}, as discussed",
	"{F} {L} (D.O.B. {DOBW})",
	"Birthday {DOBW}: {F} {L}, Year {Y}",
	NULL
};

static const char *const near_miss_lines[] = {
	"My Amazon order {MISS} has not turned up",
	"Ofsted inspection reference {MISS}",
	"The tribunal case number is {MISS}",
	"Support ticket {MISS} raised with the MIS provider",
	"DBS certificate {MISS} renewed",
	"Purchase order {MISS} approved by the business manager",
	"parcel {MISS} left at reception",
	"Login code {MISS} expired again",
	"Licence key {MISS} for the reading software",
	NULL
};

static const char *const ordinary_lines[] = {
	"Does anyone have a good template for a one page profile?",
	"Our SEN register has {N} pupils on K and {N} with plans, about {PCT}",
	"Panel is on {SOON}, papers by {SOON} at {TIME}",
	"Ring the SENDIASS line on {PHONE}",
	"Tribunal hearing {SOON}, the LA conceded at {TIME} the day before",
	"Training for TAs on {SOON}, {MONEY} a head, room {ROOM}",
	"Year {Y} boy, {AGE}, waiting {N} months for CAMHS",
	"We got {MONEY} top-up for a child in Key Stage {KS}",
	"{PLACE} have cut banding by {PCT} from April",
	"Plan finalised {RECENT}, {WEEKS} weeks after the request",
	"School address: {N} High Street, {PLACE}, {PC}",
	"Our URN is {URN}; the DfE number is 352/{N}",
	"The new SEND Review green paper came out {RECENT}",
	"I've been a SENCO since {YEARS}, still learning!",
	"Mr {L} (Head) wants the provision map by {SOON}",
	"Miss {F} {L} joined us as a TA on {YEARS}",
	"Can I ask who has used Lexia? {N} licences for {MONEY}",
	"{F} said the NASENCo course starts {SOON} at {PLACE}",
	"Exam access: {N} readers, {N} scribes, {PCT} extra time for {N} pupils",
	"Meeting moved to {TIME} on {SOON}, Teams link to follow",
	"Phone number for the EP service is {PHONE}",
	"Order number {ORDER}, {MONEY} for the weighted blankets",
	"Attendance is {PCT} for our SEN pupils against {PCT} overall",
	"The policy dated {YEARS} is on the website",
	"Well done everyone, {N} EHCPs finalised this term!",
	"Ages {AGE} to {AGE}, Key Stage {KS} and {KS}, about {N} children",
	NULL
};

static const char *const first_names[] = {
	"Grace", "Jack", "Charlie", "Alfie", "Freddie", "Poppy", "Lily",
	"Summer", "Ruby", "Archie", "Evie", "Daisy", "Theo", "Ibrahim",
	"Fatima", "Bartosz", "Aleksandra", "Chidi", "Amara", "Rhys", "Cerys",
	"Connor", "Aoife", "Logan", "Harper", "Ayaan", "Hafsa", "Tomasz",
	"Jayden", "Sophie", "Bilal", "Keira", "Dylan", "Esme", "Finley",
	"Will", "Hope", "June",
	NULL
};

static const char *const last_names[] = {
	"Green", "Hall", "Wood", "Hill", "King", "Young", "Baker", "Wright",
	"Turner", "Ahmed", "Ali", "Lewis", "Murphy", "Kelly", "O'Brien",
	"Nowak", "Adeyemi", "Mensah", "Campbell", "Stewart", "Parker",
	"Morgan", "Cooper", "Ward", "Price", "Bennett", "Chowdhury", "Rahman",
	"Lane", "Park", "Long", "Church", "West",
	NULL
};

static const char *const places[] = {
	"Kirklees", "Calderdale", "Rochdale", "Oldham", "Salford",
	"St Anne's", "Hollybush Junior", "Riverside Academy Trust", "Bury",
	"Hull", "Nottingham", "Derby",
	NULL
};

const struct corpus_set corpus_heldout = {
	"heldout",
	{ upn_lines, uln_lines, nhs_lines, name_dob_lines, near_miss_lines,
	    ordinary_lines },
	first_names, last_names, places,
};
