namespace Anima.Bench;

/// <summary>
/// Fifty facts a user tells, each with a question asked long after: the first 25 share a rare word with their fact,
/// the last 25 share none (only the meaning leads back). Every fact carries a marker word the bench checks for.
/// </summary>
public static class RecallSet
{
    public static readonly IReadOnlyList<(string Fact, string Question, string Marker)> Items =
    [
        ("My dentist is Dr. Okafor on Baker Street.", "Who is my dentist?", "Okafor"),
        ("The wifi password at the cabin is bluefinch42.", "What is the wifi password at the cabin?", "bluefinch42"),
        ("My sister Ingrid lives in Tromsø.", "Where does Ingrid live?", "Tromsø"),
        ("Our staging server is called kestrel.", "What is the staging server called?", "kestrel"),
        ("I park my car on level 3 of the Harbour garage.", "Which level of the garage do I park on?", "Harbour"),
        ("My passport expires in March 2029.", "When does my passport expire?", "2029"),
        ("The team standup is at 9:40 every weekday.", "What time is the standup?", "9:40"),
        ("My favourite tea is a smoky lapsang souchong.", "Which tea is my favourite?", "lapsang"),
        ("The landlord's name is Mr. Petrakis.", "What is the landlord's name?", "Petrakis"),
        ("I am allergic to penicillin.", "Which medicine am I allergic to?", "penicillin"),
        ("The garage door code is 7316.", "What is the garage door code?", "7316"),
        ("Our cat Zorblax eats only salmon pâté.", "What does Zorblax eat?", "salmon"),
        ("The quarterly report is due on the 14th.", "When is the quarterly report due?", "14th"),
        ("My bike is a green Gazelle.", "What brand is my bike?", "Gazelle"),
        ("The database runs PostgreSQL 15 on port 5433.", "Which port does the database use?", "5433"),
        ("My mother's birthday is on the 2nd of August.", "When is my mother's birthday?", "August"),
        ("The project's code name is Heliotrope.", "What is the project's code name?", "Heliotrope"),
        ("I keep the spare key under the blue flowerpot.", "Where is the spare key?", "flowerpot"),
        ("My gym locker number is 118.", "What is my gym locker number?", "118"),
        ("The accountant we use is Farrow & Pike.", "Which accountant do we use?", "Farrow"),
        ("The printer on the second floor is a Brother HL-L2350.", "Which printer is on the second floor?", "HL-L2350"),
        ("My daughter's teacher is Ms. Adeyemi.", "Who is my daughter's teacher?", "Adeyemi"),
        ("The boiler was serviced by Calloway Heating.", "Who serviced the boiler?", "Calloway"),
        ("Our release branch is named release/orchid.", "What is our release branch named?", "orchid"),
        ("I renewed the domain anima-notes.org until 2027.", "Until when is the domain renewed?", "anima-notes"),
        ("My cat is called Zorblax.", "What is the name of my pet?", "Zorblax"),
        ("I was born in Lisbon.", "Which city do I come from?", "Lisbon"),
        ("I hate cilantro; it tastes like soap to me.", "Which herb should you never put in my food?", "cilantro"),
        ("My husband works as a paramedic.", "What does my spouse do for a living?", "paramedic"),
        ("I run five kilometres every Sunday morning.", "What exercise do I do at the weekend?", "kilometres"),
        ("We adopted a greyhound from the shelter last spring.", "Do we have a dog?", "greyhound"),
        ("I play the cello in an amateur orchestra.", "Which musical instrument do I play?", "cello"),
        ("My flat is on the top floor, with no lift.", "Do I have to climb stairs to get home?", "lift"),
        ("The build broke because the NuGet feed was unreachable.", "Why did compilation fail the other day?", "NuGet"),
        ("I'm learning Japanese for a trip to Kyoto.", "Which language am I studying?", "Japanese"),
        ("My grandmother taught me to bake sourdough.", "Who showed me how to make bread?", "sourdough"),
        ("I drive an old Volvo estate.", "What kind of vehicle do I own?", "Volvo"),
        ("I'm vegetarian since 2015.", "Do I eat meat?", "vegetarian"),
        ("My best friend Tomasz moved to Canada.", "Which of my close friends emigrated?", "Tomasz"),
        ("I'm afraid of flying, so I take trains.", "How do I prefer to travel long distances?", "trains"),
        ("Our office plant is a ficus that nobody waters.", "Which houseplant is at work?", "ficus"),
        ("I wear glasses for reading only.", "Is my eyesight fine for books?", "glasses"),
        ("My son plays goalkeeper for the under-12 team.", "What position does my boy play in football?", "goalkeeper"),
        ("I got a new laptop, a ThinkPad X1.", "What computer did I buy recently?", "ThinkPad"),
        ("The heating bill tripled this winter.", "How did energy costs change in the cold months?", "tripled"),
        ("I'm writing a novel about lighthouse keepers.", "What is my book about?", "lighthouse"),
        ("My neighbour's dog barks all night.", "What keeps me awake at night?", "barks"),
        ("I broke my wrist skiing in January.", "Which injury did I have this year?", "wrist"),
        ("We're planning our wedding for September.", "When are we getting married?", "September"),
        ("I take the 7:52 tram to work.", "How do I commute to the office?", "tram"),
    ];

    /// <summary>Filler the facts are hidden among: many sentences of the same kinds, none of them an answer.</summary>
    public static IEnumerable<string> Filler(int count, int seed)
    {
        string[] subjects = ["The build", "My manager", "The deploy", "The invoice", "The garden", "The meeting", "The train", "Our client", "The test suite", "The kitchen tap"];
        string[] verbs = ["failed again on", "was moved to", "needs a look at", "got stuck on", "is waiting for", "was fine after", "broke during", "depends on"];
        string[] objects = ["the Tuesday release", "a flaky network", "the new contract", "a rainy afternoon", "the holiday schedule", "a missing config file", "the old laptop", "the second review"];
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return $"{subjects[random.Next(subjects.Length)]} {verbs[random.Next(verbs.Length)]} {objects[random.Next(objects.Length)]}, as I said in note {i}.";
        }
    }
}
