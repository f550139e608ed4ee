/*
 * corpus_dev.c: the template set the guard was tuned on. Its held-out twin
 * (corpus_heldout.c) has other sentences and other names.
 */
#include <stddef.h>

#include "corpus.h"

static const char *const upn_lines[] = {
	"Can someone check UPN {UPN} on the CTF? It won't import.",
	"{F}'s UPN is {UPN}, can you update SIMS",
	"UPN: {UPN}",
	"The new starter has UPN {UPN} and arrives Monday",
	"CTF came through for {UPN} but the SEN status is missing",
	"Is {UPN} a temporary UPN? The LA gave us that one",
	"please use {UPN} on the EHCP request form, not the old number",
	"Exclusion notice for {UPN} went to the LA on {RECENT}",
	"upn {UPN} year {Y}",
	"Transferring {UPN} to {PLACE} next term.",
	"({UPN}) - check the admissions form",
	"Got a duplicate record: {UPN} appears twice in the census",
	NULL
};

static const char *const uln_lines[] = {
	"{F}'s ULN is {ULN} for the college application",
	"ULN {ULN} - can someone check the PLR?",
	"The college needs the ULN ({ULN}) before the transition meeting on {SOON}",
	"learner number: {ULN}",
	"Year {Y} ULN {ULN}, exam access arrangements pending",
	"Can't find {ULN} in the LRS, has anyone had this?",
	"Sent {ULN} to the post-16 team at {PLACE}",
	"{ULN}",
	"ULN = {ULN}; UCI to follow",
	"Access arrangements form for ULN {ULN} is on the shared drive.",
	NULL
};

static const char *const nhs_lines[] = {
	"NHS number {NHS} for the paediatric referral",
	"{F}'s NHS no. is {NHS}",
	"CAMHS want the NHS number: {NHS}",
	"Referral sent to SALT with NHS {NHS} on {RECENT}",
	"nhs {NHS} - OT report attached",
	"The school nurse has {NHS} on file",
	"Can you add the NHS number ({NHS}) to the health care plan?",
	"{NHS}",
	"Paediatrician letter quotes {NHS} and the clinic is at {TIME}",
	"NHS No: {NHS}. Appointment {SOON}",
	NULL
};

static const char *const name_dob_lines[] = {
	"{F} {L} (DOB {DOBW}) is joining Year {Y} in September",
	"New starter: {F} {L}, born {DOBW}, EHCP from {PLACE}",
	"{L}, {F} {DOB} Y{Y} SEN support",
	"Can anyone advise on {F} {L} {DOB}? Moving to us from {PLACE}",
	"Transfer file for {F} {L} d.o.b. {DOBW} has arrived",
	"{F} {L} - DOB: {DOBW} - Year {Y}",
	"Re {F} {L} {DOB}, the EP report is attached",
	"{F} {F2} {L}, date of birth {DOBW}, needs a reader",
	"Pupil: {F} {L} DOB {DOBW}",
	"{F} {L} born on {DOBW} has a diagnosis of ASD",
	"Parents of {F} {L} ({DOB}) have asked for an assessment",
	"Please find attached the one page profile for {F} {L}, {DOB}.",
	NULL
};

static const char *const near_miss_lines[] = {
	"Ticket {MISS} is still open with IT",
	"Order ref {MISS} arrived today",
	"Case number {MISS} for the tribunal bundle",
	"Invoice {MISS} for the training day, {MONEY}",
	"Our supplier account is {MISS}",
	"tracking number {MISS}",
	"The portal reference was {MISS}, not sure what it means",
	"Quote {MISS} when you ring {PHONE}",
	NULL
};

static const char *const ordinary_lines[] = {
	"Network meeting on {SOON} at {TIME} in Room {ROOM}",
	"Call me on {PHONE} if the Teams link fails",
	"Our URN is {URN}, postcode {PC}",
	"High needs top-up is {MONEY} this year, up {PCT}",
	"The 20-week deadline is {SOON}, draft plan due {SOON}",
	"He is {AGE} and in Year {Y}, reading age about {N}",
	"Annual review for J on {RECENT}, went well",
	"Anyone else finding the EHCP portal slow? {N} requests stuck since {RECENT}",
	"Key Stage {KS} SATs access arrangements: {N} pupils need a reader",
	"Budget for TAs is {MONEY}, that is {PCT} of the notional SEN budget",
	"The SEND Code of Practice (January 2015) says the same",
	"Children and Families Act 2014, section {N}",
	"We moved to the new building in {PC} on {RECENT}",
	"Order {ORDER} for the sensory room arrived",
	"Sarah from {PLACE} said the panel meets every {N} weeks",
	"{F}'s mum rang at {TIME} about the {WEEKS}-week timeline",
	"Mrs {L} has been our SENCO since {YEARS}",
	"Dr {L} from CAMHS is running the training on {SOON}",
	"Thanks {F}, see you at the North West SENCO Network on {SOON}.",
	"Room {ROOM} is free from {TIME} to {TIME}",
	"{N} of our {N} EHCPs were issued late; the LA says {PCT} are late across {PLACE}",
	"Our policy was last updated {YEARS} and needs a refresh",
	"Reminder: INSET on {SOON}, no pupils in",
	"Phone {PHONE} or email senco@example.org",
	"Year {Y} have {N} pupils on SEN support and {N} with EHCPs",
	NULL
};

static const char *const first_names[] = {
	"Jamie", "Oliver", "Amelia", "Mohammed", "Aisha", "Priya", "Kacper",
	"Zuzanna", "Oluwaseun", "Siobhan", "Harry", "Isla", "Noah", "Ava",
	"Leo", "Freya", "Ethan", "Maya", "Riley", "Zara", "Callum", "Niamh",
	"Tyler", "Chloe", "Reuben", "Imogen", "Kai", "Ellie", "Yusuf", "Mia",
	NULL
};

static const char *const last_names[] = {
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
	"Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker",
	"O'Connor", "Kowalski", "Nguyen", "Okafor", "Begum", "Hussain",
	"Smith-Jones", "McDonald", "Clarke", "Hughes", "Edwards", "Khan",
	NULL
};

static const char *const places[] = {
	"Manchester", "Leeds", "Bolton", "Wigan", "Stockport", "Trafford",
	"Oakfield Primary", "Greenbank Academy", "Sheffield", "Bradford",
	NULL
};

const struct corpus_set corpus_dev = {
	"dev",
	{ upn_lines, uln_lines, nhs_lines, name_dob_lines, near_miss_lines,
	    ordinary_lines },
	first_names, last_names, places,
};
