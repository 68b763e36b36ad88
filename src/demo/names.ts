/**
 * Name pools for the demonstration participants: the Chicago area's people as a
 * jail, prison or ED program there meets them. Every name here is common; the
 * combinations are made up by the generator, so any likeness is chance.
 */
import type { Race } from '../core/enums.ts';

export interface NamePool {
  men: readonly string[];
  women: readonly string[];
  surnames: readonly string[];
}

export type GroupKey = 'black' | 'white' | 'latino' | 'polish' | 'arab' | 'asian' | 'native';

export interface NameGroup {
  /** Several pools when the group spans peoples whose names do not mix (Vietnamese, Korean…). */
  pools: readonly NamePool[];
  /** Race as the person reports it (OMB categories), with weights. */
  races: readonly (readonly [Race[], number])[];
  hispanic: boolean;
  /** Preferred language other than English, and how often. */
  otherLanguage?: readonly [string, number];
  /** Short or familiar names people go by. */
  nicknames?: Readonly<Record<string, string>>;
}

const BLACK: NamePool = {
  men: ['Andre', 'Terrence', 'DeShawn', 'Jamal', 'Tyrone', 'Cedric', 'Reginald', 'Maurice', 'Antoine', 'Lamar', 'Calvin', 'Derrick',
    'Jerome', 'Willie', 'Curtis', 'Darius', 'Malik', 'Demetrius', 'Rashad', 'Corey', 'Marquise', 'Dwayne', 'Kendrick', 'Isaiah',
    'Xavier', 'Eugene', 'Clarence', 'Leon', 'Otis', 'Anthony', 'Michael', 'James'],
  women: ['Keisha', 'Tamika', 'Latoya', 'Shanice', 'Ebony', 'Monique', 'Yolanda', 'Angela', 'Tiffany', 'Aaliyah', 'Jasmine',
    'Gloria', 'Sharonda', 'Latrice', 'Kiara', 'Imani', 'Dominique', 'Felicia', 'Valerie', 'Tanisha', 'Patrice', 'Renee', 'Erica'],
  surnames: ['Washington', 'Jackson', 'Johnson', 'Williams', 'Brown', 'Davis', 'Harris', 'Robinson', 'Thomas', 'Jefferson', 'Coleman',
    'Banks', 'Hayes', 'Mitchell', 'Walker', 'Freeman', 'Gaines', 'Tate', 'Dixon', 'Smith', 'Jones', 'Moore', 'Taylor', 'Wilson',
    'Green', 'Hall', 'Allen', 'Young', 'King', 'Wright', 'Scott', 'Carter', 'Turner', 'Collins', 'Sanders', 'Price', 'Bryant',
    'Griffin', 'Boyd', 'Ford', 'Stewart', 'Woods', 'Sims', 'Holmes', 'Franklin', 'Pruitt'],
};

const WHITE: NamePool = {
  men: ['Michael', 'Christopher', 'Matthew', 'Joshua', 'Daniel', 'Ryan', 'Brian', 'Kevin', 'Sean', 'Patrick', 'Joseph', 'Tyler',
    'Cody', 'Justin', 'Dustin', 'Travis', 'Jeremy', 'Nicholas', 'Anthony', 'Jason', 'Eric', 'Adam', 'Kyle', 'Brandon', 'Shane',
    'Derek', 'Steven', 'Timothy', 'Jacob', 'Gary'],
  women: ['Jennifer', 'Amanda', 'Heather', 'Ashley', 'Megan', 'Kelly', 'Nicole', 'Stephanie', 'Crystal', 'Brittany', 'Kayla',
    'Samantha', 'Amber', 'Melissa', 'Sarah', 'Rebecca', 'Danielle', 'Courtney', 'Erin', 'Lindsey', 'Chelsea', 'Zoë', 'Brooke', 'Tara'],
  surnames: ["O'Connor", "O'Malley", 'McCarthy', 'McNamara', 'Murphy', 'Sullivan', 'Walsh', 'Doyle', 'Kelly', 'Ryan', 'Russo',
    'Romano', 'Esposito', 'DeLuca', 'Moretti', 'Ricci', 'Caruso', 'Schmidt', 'Fischer', 'Hoffmann', 'Becker', 'Olson', 'Carlson',
    'Anderson', 'Peterson', 'Miller', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Clark', 'Lewis', 'Hill', 'Baker', 'Cooper', 'Evans',
    'Parker', 'Schultz', 'Meyer', 'Hansen'],
};

const LATINO: NamePool = {
  men: ['José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'Miguel', 'Alejandro', 'Francisco', 'Javier', 'Ángel', 'Rafael', 'Héctor',
    'Edgar', 'Víctor', 'Raúl', 'Ramón', 'Andrés', 'Fernando', 'Ricardo', 'Omar', 'Eduardo', 'Jorge', 'Roberto', 'Julio'],
  women: ['María', 'Guadalupe', 'Rosa', 'Ana', 'Verónica', 'Gabriela', 'Marisol', 'Yesenia', 'Leticia', 'Araceli', 'Claudia',
    'Daniela', 'Elena', 'Maribel', 'Sonia', 'Lucía', 'Brenda', 'Jessica'],
  surnames: ['García', 'Hernández', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Ramírez', 'Gutiérrez', 'Vázquez',
    'Sánchez', 'Gómez', 'Jiménez', 'Díaz', 'Ruiz', 'Ortiz', 'Cruz', 'Flores', 'Rivera', 'Torres', 'Morales', 'Reyes', 'Castillo',
    'Delgado', 'Nieves', 'Colón', 'Santiago', 'Medina', 'Maldonado', 'Soto', 'Salgado', 'Ochoa'],
};

const POLISH: NamePool = {
  men: ['Tomasz', 'Krzysztof', 'Piotr', 'Marek', 'Paweł', 'Andrzej', 'Michał', 'Wojciech', 'Jakub', 'Łukasz', 'Grzegorz', 'Kamil',
    'Dariusz', 'Robert', 'Zbigniew', 'Jan', 'Sebastian', 'Adam'],
  women: ['Agnieszka', 'Katarzyna', 'Małgorzata', 'Magdalena', 'Joanna', 'Ewa', 'Anna', 'Monika', 'Beata', 'Dorota', 'Justyna',
    'Karolina', 'Aleksandra', 'Renata', 'Iwona'],
  surnames: ['Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Dąbrowski',
    'Kozłowski', 'Mazur', 'Krawczyk', 'Nowicki', 'Jankowski', 'Wojciechowski', 'Kwiatkowski', 'Pawłowski', 'Michalski', 'Zając',
    'Król', 'Wróbel', 'Sikora', 'Baran', 'Duda', 'Kaczmarek', 'Grabowski', 'Pietrzak', 'Walczak', 'Górski', 'Sadowski'],
};

const ARAB: NamePool = {
  men: ['Mohammed', 'Ahmad', 'Khalid', 'Omar', 'Samir', 'Tariq', 'Yousef', 'Ibrahim', 'Hassan', 'Ali', 'Nabil', 'Karim', 'Rami', 'Fadi'],
  women: ['Fatima', 'Layla', 'Rania', 'Noor', 'Huda', 'Maryam', 'Dina', 'Amal', 'Reem', 'Salma', 'Yasmin'],
  surnames: ['Haddad', 'Khoury', 'Abdallah', 'Hamdan', 'Saleh', 'Nassar', 'Odeh', 'Mansour', 'Hussein', 'Abed', 'Qasem',
    'Shalabi', 'Zayed', 'Darwish', 'Ayyad', 'Mustafa'],
};

const ASIAN: readonly NamePool[] = [
  { men: ['Minh', 'Tuan', 'Hung', 'Duc', 'Khanh'], women: ['Linh', 'Thao', 'Ngoc', 'Hoa', 'Lan'], surnames: ['Nguyen', 'Tran', 'Le', 'Pham', 'Huynh', 'Vo'] },
  { men: ['Jae-won', 'Sung-min', 'Daniel', 'Joon'], women: ['Soo-jin', 'Min-ji', 'Grace', 'Eun-ji'], surnames: ['Kim', 'Park', 'Lee', 'Choi', 'Jung'] },
  { men: ['Jomar', 'Rodel', 'Ramon', 'Joel', 'Dennis'], women: ['Maricel', 'Rowena', 'Jocelyn', 'Analyn'], surnames: ['Santos', 'Dela Cruz', 'Bautista', 'Mendoza', 'Villanueva', 'Aquino'] },
  { men: ['Arjun', 'Vikram', 'Sanjay', 'Rahul', 'Imran'], women: ['Anjali', 'Sunita', 'Farah', 'Neha'], surnames: ['Patel', 'Desai', 'Khan', 'Singh', 'Mehta'] },
  { men: ['Wei', 'Jun', 'Kevin', 'Jason'], women: ['Mei', 'Jenny', 'Amy', 'Xiu'], surnames: ['Chen', 'Wong', 'Li', 'Zhang', 'Liu', 'Huang'] },
];

const NATIVE: NamePool = {
  men: ['Joseph', 'Daniel', 'Roy', 'Ronald', 'Dale', 'Travis', 'Clayton', 'Leonard'],
  women: ['Dana', 'Rachel', 'Tamara', 'Shawna', 'Crystal', 'Marlene', 'Winona'],
  surnames: ['Begay', 'Yazzie', 'Decorah', 'Funmaker', 'Kingbird', 'Cloud', 'Thunder', 'Greyeyes', 'Wabasha'],
};

const NOT_RECORDED: Race[] = [];

export const NAME_GROUPS: Record<GroupKey, NameGroup> = {
  black: {
    pools: [BLACK],
    races: [[['black_or_african_american'], 92], [['black_or_african_american', 'white'], 6], [['declined'], 2]],
    hispanic: false,
    nicknames: { Reginald: 'Reggie', Terrence: 'Terry', Demetrius: 'Meech', Latoya: 'Toya', Dominique: 'Nikki', Clarence: 'C.J.', Anthony: 'Ant' },
  },
  white: {
    pools: [WHITE],
    races: [[['white'], 94], [['white', 'american_indian_or_alaska_native'], 4], [['declined'], 2]],
    hispanic: false,
    nicknames: { Michael: 'Mike', Christopher: 'Chris', Matthew: 'Matt', Nicholas: 'Nick', Daniel: 'Danny', Timothy: 'Tim', Jacob: 'Jake',
      Samantha: 'Sam', Rebecca: 'Becky', Jennifer: 'Jen', Stephanie: 'Steph' },
  },
  latino: {
    pools: [LATINO],
    races: [[['white'], 45], [['declined'], 25], [['black_or_african_american'], 8], [['white', 'american_indian_or_alaska_native'], 10], [NOT_RECORDED, 12]],
    hispanic: true,
    otherLanguage: ['es', 0.35],
    nicknames: { Jesús: 'Chuy', Guadalupe: 'Lupe', Francisco: 'Paco', José: 'Pepe', Alejandro: 'Alex', Roberto: 'Beto', Eduardo: 'Lalo' },
  },
  polish: {
    pools: [POLISH],
    races: [[['white'], 100]],
    hispanic: false,
    otherLanguage: ['pl', 0.55],
    nicknames: { Wojciech: 'Wojtek', Małgorzata: 'Gosia', Katarzyna: 'Kasia', Aleksandra: 'Ola', Grzegorz: 'Greg', Łukasz: 'Luke',
      Tomasz: 'Tomek', Magdalena: 'Magda', Zbigniew: 'Zbyszek', Jakub: 'Kuba', Krzysztof: 'Chris' },
  },
  arab: {
    pools: [ARAB],
    races: [[['middle_eastern_or_north_african'], 85], [['white'], 15]],
    hispanic: false,
    otherLanguage: ['ar', 0.15],
    nicknames: { Mohammed: 'Mo', Ibrahim: 'Abe', Yousef: 'Joe', Samir: 'Sam' },
  },
  asian: { pools: ASIAN, races: [[['asian'], 94], [['asian', 'white'], 6]], hispanic: false },
  native: {
    pools: [NATIVE],
    races: [[['american_indian_or_alaska_native'], 70], [['american_indian_or_alaska_native', 'white'], 30]],
    hispanic: false,
  },
};

/** Polish surnames take their feminine form for women (Kowalski → Kowalska). */
export function surnameFor(surname: string, woman: boolean, group: GroupKey): string {
  if (!woman || group !== 'polish') return surname;
  return surname.replace(/(ski|cki|dzki)$/, (m) => `${m.slice(0, -1)}a`);
}

/** Names as a clerk without the accent keys typed them: José → Jose, Łukasz → Lukasz. */
export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}
