// The fixture posts, newest first. Files live in ./media; ids, dates and counts are derived in fixtures.ts.

/** One carousel item: an image, or a video with its poster image. */
export interface ChildSpec {
  image: string;
  video?: string;
  alt?: string;
}

/** One post as written by hand; `likes: null` means the owner hid like counts. */
export interface PostSpec {
  kind: 'image' | 'video' | 'reel' | 'carousel';
  /** The still, or the poster of a video or reel; carousels use their first child's. */
  image?: string;
  video?: string;
  /** Absent: Instagram omits the field. '' is kept to exercise the empty case. */
  caption?: string;
  alt?: string;
  likes?: number | null;
  /** Reel with copyrighted audio: Instagram omits `media_url` but keeps `thumbnail_url`. */
  copyrighted?: boolean;
  notSharedToFeed?: boolean;
  children?: ChildSpec[];
}

const steam = { image: 'reel-steam.jpg', video: 'reel-steam.mp4' };
const pour = { image: 'video-pour.jpg', video: 'video-pour.mp4' };
const waves = { image: 'reel-waves.jpg', video: 'reel-waves.mp4' };
const still = (image: string, alt?: string): ChildSpec => ({ image, alt });

export const NORTHSHORE_POSTS: PostSpec[] = [
  {
    kind: 'reel',
    ...steam,
    caption: 'Steam season is here ☕️\n\nOur winter menu lands Friday: gingerbread flat white, cardamom buns and a new decaf. #northshorecoffee #wintermenu',
  },
  {
    kind: 'carousel',
    caption: 'Saturday bake 🥐\nSwipe for the slow pour →\n#bakery #coffeelovers',
    children: [
      still('sq-croissant.jpg', 'Golden croissants cooling on a wire rack'),
      pour,
      still('sq-flatwhite.jpg', 'A flat white with a rosetta in a blue cup'),
    ],
  },
  {
    kind: 'image',
    image: 'pt-pourover.jpg',
    alt: 'A glass pour-over dripper above a carafe',
    caption: 'Single origin of the month: Guji, Ethiopia.\nNotes of bergamot, peach and black tea.\n#pourover #specialtycoffee',
  },
  { kind: 'image', image: 'sq-beans.jpg', likes: null, caption: 'Roast day 🔥 Batch #214 is resting and ready Tuesday. #roastery' },
  { kind: 'video', ...pour, caption: 'Slow pour, slow morning.' },
  {
    kind: 'image',
    image: 'ls-counter.jpg',
    alt: 'Two baristas smiling behind the espresso bar',
    caption: "Meet the crew behind the counter 👋\nSay hi to @maya.brews and @tom.roasts next time you're in.",
  },
  { kind: 'reel', ...steam, copyrighted: true, caption: 'Latte art throwdown highlights 🎶🏆 Thanks to everyone who came! #latteart #throwdown' },
  { kind: 'image', image: 'pt-window.jpg' },
  { kind: 'carousel', caption: 'Two seats by the window, one rainy afternoon. 🌧', children: [still('pt-window.jpg'), still('pt-pourover.jpg')] },
  { kind: 'image', image: 'sq-flatwhite.jpg', alt: 'Overhead view of a flat white', caption: 'Flat white, no notes. #flatwhite' },
  { kind: 'image', image: 'sq-croissant.jpg', caption: "Croissant o'clock 🥐 Fresh out at 7:30 every morning." },
  { kind: 'reel', ...steam, notSharedToFeed: true, caption: '60 seconds of milk steaming ASMR 🔊 #baristalife' },
  { kind: 'image', image: 'ls-counter.jpg', caption: '' },
  {
    kind: 'carousel',
    caption: 'Ten photos from ten years of Northshore ✨\nThank you for every cup.\n#anniversary #northshorecoffee #10years',
    children: [
      still('sq-beans.jpg', 'Coffee beans spilling from a scoop'),
      still('sq-croissant.jpg'),
      pour,
      still('sq-flatwhite.jpg'),
      still('pt-pourover.jpg'),
      still('pt-window.jpg'),
      still('ls-counter.jpg'),
      steam,
      still('sq-beans.jpg'),
      still('sq-flatwhite.jpg'),
    ],
  },
  {
    kind: 'image',
    image: 'sq-beans.jpg',
    alt: 'Green coffee beans in a burlap sack',
    caption: 'Fresh green coffee from our friends at @finca.aurora 🇨🇴\n#directtrade',
  },
  { kind: 'video', ...pour, likes: null, caption: 'Brewing class recap. Next session: first Saturday of the month. Link in bio!' },
  { kind: 'image', image: 'pt-pourover.jpg', caption: 'V60 vs Chemex: which team are you? 👇 #coffeedebate' },
  { kind: 'reel', ...steam, caption: 'How we dial in espresso every morning ⏱\n\n1. Weigh\n2. Grind\n3. Taste\n4. Repeat\n#espresso' },
  { kind: 'image', image: 'sq-flatwhite.jpg', caption: "Oat, almond or whole? We don't judge. 🥛" },
  { kind: 'carousel', caption: 'Our kitchen in motion. #behindthescenes', children: [pour, still('sq-croissant.jpg')] },
  { kind: 'image', image: 'pt-window.jpg', alt: 'Rain on the café window', caption: 'Rainy day special: any pastry + filter coffee for 6 €. #rainyday' },
  { kind: 'image', image: 'ls-counter.jpg', caption: 'New opening hours from November: 7–18 weekdays, 8–16 weekends.' },
  { kind: 'reel', ...steam, caption: 'Cold brew, but make it cozy. #coldbrew' },
  { kind: 'image', image: 'sq-croissant.jpg', caption: 'Pain au chocolat appreciation post 🍫' },
  {
    kind: 'carousel',
    caption: 'Roast → brew → enjoy. #coffeejourney',
    children: [still('sq-beans.jpg'), still('sq-flatwhite.jpg'), still('sq-croissant.jpg')],
  },
  { kind: 'image', image: 'sq-beans.jpg', caption: 'Guess the origin 🌍 Answers in the comments!' },
  { kind: 'video', ...pour, caption: 'Pour-over workshop teaser 🎥' },
  { kind: 'image', image: 'pt-pourover.jpg', caption: 'Sunday morning routine. @lena.travels approved ✈️☕️' },
  { kind: 'carousel', caption: 'Hello from our new space on Harbour Street! 🎉', children: [still('pt-window.jpg'), still('sq-flatwhite.jpg')] },
  { kind: 'image', image: 'sq-flatwhite.jpg', caption: 'Our first post! Northshore Coffee opens its doors tomorrow. #grandopening' },
];

export const LENA_POSTS: PostSpec[] = [
  { kind: 'reel', ...waves, caption: "Chasing waves in Nazaré 🌊 The biggest ones I've ever seen.\n#portugal #nazare #travelreels" },
  {
    kind: 'carousel',
    caption: 'Three countries, one week.\n🇨🇭 → 🇮🇹 → 🇵🇹\nFull guide on the blog. #eurotrip',
    children: [still('pt-alps.jpg', 'Snowy peaks above a green valley'), still('ls-coast.jpg'), waves],
  },
  { kind: 'image', image: 'sq-lagoon.jpg', alt: 'Turquoise lagoon seen from a cliff', caption: 'Water this blue should be illegal. 💙 #lagoon #islandlife' },
  { kind: 'image', image: 'pt-alley.jpg', caption: 'Lost in the old town again. Best way to see a city. #streetphotography' },
  { kind: 'reel', image: 'reel-night.jpg', copyrighted: true, caption: 'Night market eats 🍜🎶 (sound on!) #streetfood #nightmarket' },
  {
    kind: 'image',
    image: 'ls-dunes.jpg',
    likes: null,
    alt: 'Wind-carved sand dunes at golden hour',
    caption: 'Sunset over the dunes 🏜\n\nShot on a tiny phone, no filter.',
  },
  { kind: 'video', ...waves, caption: 'Morning swim, cold water, big smile.' },
  {
    kind: 'carousel',
    caption: "Coastline road trip in four frames. Which one's your favourite? #roadtrip",
    children: [still('ls-coast.jpg'), still('sq-lagoon.jpg'), still('ls-dunes.jpg'), still('pt-alps.jpg')],
  },
  { kind: 'image', image: 'pt-alps.jpg' },
  { kind: 'image', image: 'ls-coast.jpg', caption: 'Packing list for 3 weeks with a carry-on: thread below 🧵 cc @northshore.coffee for the travel beans' },
  { kind: 'reel', ...waves, caption: 'Packing tips in 15 seconds ✈️ #packinghacks' },
  { kind: 'image', image: 'sq-lagoon.jpg', caption: 'Island hopping day 3/7 🏝' },
  { kind: 'carousel', caption: 'Weekend in the mountains, a photo dump. #photodump', children: [still('pt-alley.jpg'), waves, still('pt-alps.jpg')] },
  { kind: 'image', image: 'pt-alley.jpg', alt: 'Narrow alley with hanging lanterns', caption: 'Lanterns everywhere. #oldtown #lanterns' },
  { kind: 'video', ...waves, likes: null, caption: 'Slow motion waves because why not.' },
  { kind: 'image', image: 'ls-dunes.jpg', caption: 'Desert camp under a billion stars ✨' },
  { kind: 'reel', ...waves, notSharedToFeed: true, caption: 'Golden hour at the beach, sound on 🌅 #beach' },
  { kind: 'image', image: 'pt-alps.jpg', caption: 'Hiking day: 21 km, 1,400 m up, zero regrets. #hiking #alps' },
  { kind: 'carousel', caption: 'Before / after the storm ⛈', children: [still('sq-lagoon.jpg'), still('ls-coast.jpg')] },
  { kind: 'image', image: 'sq-lagoon.jpg', caption: '' },
  { kind: 'image', image: 'ls-coast.jpg', caption: 'Road trip playlist suggestions? Drop them below 🎶' },
  { kind: 'reel', ...waves, caption: 'Surf lesson #1: mostly falling 😂 #surf' },
  {
    kind: 'carousel',
    caption: 'Last year in three photos. Thank you for following along! 💛',
    children: [still('pt-alley.jpg'), still('pt-alps.jpg'), still('sq-lagoon.jpg')],
  },
  { kind: 'image', image: 'pt-alps.jpg', caption: "Hello Instagram! I'm Lena and I travel slowly. #slowtravel" },
];

export const SAM_POSTS: PostSpec[] = [
  { kind: 'image', image: 'sq-park.jpg', caption: 'Sunday walk with Biscuit 🐶' },
  { kind: 'carousel', caption: 'Holiday throwbacks', children: [still('sq-park.jpg'), still('sq-lagoon.jpg')] },
  { kind: 'image', image: 'sq-park.jpg' },
  { kind: 'image', image: 'sq-park.jpg', caption: 'First post' },
];
